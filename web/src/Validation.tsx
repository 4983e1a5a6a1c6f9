import { advancedConflicts } from "./graph";
import type { Chapter } from "./types";

/**
 * How a chapter fared against the judge: its mood score, the conflicts it advanced (named from the
 * analysis), how many attempts it took, whether it passed, and the notes. The same facts in both
 * places: a line under the chapter in a list (`compact`, without the notes), or the reader's card.
 */
export function Validation(props: { chapter: Chapter; conflicts: string[]; compact?: boolean }) {
  const { chapter, conflicts, compact } = props;
  const v = chapter.validation;
  if (!v) return null;
  const advanced = advancedConflicts(chapter, conflicts).map((i) => conflicts[i]);
  const facts: [string, string][] = [
    ["Mood score", v.moodScore.toFixed(2)],
    [
      "Conflicts advanced",
      String(v.conflictCount) + (advanced.length > 0 ? `: ${advanced.join("; ")}` : ""),
    ],
    ["Attempts", chapter.attempts > 0 ? String(chapter.attempts) : "—"],
    ["Passed", v.passed ? "yes" : "no"],
  ];
  const list = (
    <dl className={compact ? "validation inline muted" : "facts"} data-testid="validation">
      {facts.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {!compact && v.notes.length > 0 && (
        <div>
          <dt>Notes</dt>
          <dd>
            <ul className="notes">
              {v.notes.map((note, i) => (
                <li key={i}>{note}</li>
              ))}
            </ul>
          </dd>
        </div>
      )}
    </dl>
  );
  if (compact) return list;
  return (
    <section className="card validation-card" aria-labelledby="validation-title">
      <h3 id="validation-title">Validation</h3>
      {list}
    </section>
  );
}
