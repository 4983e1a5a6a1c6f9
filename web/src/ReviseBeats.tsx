import type { Beat } from "./types";

/**
 * The beats a revision from chapter `from` may change (docs/revisions.md, "New beats"): one per
 * chapter from `from` to the book's last, the plan's where it has one, else blank.
 */
export function beatsFrom(plan: Beat[] | undefined, from: number, count: number): Beat[] {
  const beats: Beat[] = [];
  for (let n = from; n <= count; n++) {
    const planned = plan?.find((b) => b.chapter === n);
    beats.push({ chapter: n, beat: planned?.beat ?? "", ending: planned?.ending ?? "" });
  }
  return beats;
}

/**
 * What a revision sends of the beats in its form: those a person changed from the plan's, trimmed.
 * A chapter the plan has no beat for and left blank is not sent; the others keep the plan's.
 */
export function changedBeats(plan: Beat[] | undefined, edited: Beat[]): Beat[] {
  return edited
    .map((b) => ({ chapter: b.chapter, beat: b.beat.trim(), ending: b.ending.trim() }))
    .filter((b) => {
      const planned = plan?.find((p) => p.chapter === b.chapter);
      return planned
        ? planned.beat !== b.beat || planned.ending !== b.ending
        : b.beat !== "" || b.ending !== "";
    });
}

/** The beats of the chapters a revision writes anew, each editable: what happens, how it ends. */
export function NewBeats(props: { beats: Beat[]; onChange: (beats: Beat[]) => void }) {
  const edit = (index: number, change: Partial<Beat>) =>
    props.onChange(props.beats.map((b, i) => (i === index ? { ...b, ...change } : b)));
  return (
    <details className="new-beats">
      <summary>New beats for these chapters (optional)</summary>
      <p className="muted">
        Change what happens in a chapter and the revision writes it from your beat; the chapters
        you leave as they are keep the plan's.
      </p>
      <ol className="beats">
        {props.beats.map((b, i) => (
          <li key={b.chapter} value={b.chapter}>
            <label htmlFor={`new-beat-${b.chapter}`}>Chapter {b.chapter}: what happens</label>
            <textarea
              id={`new-beat-${b.chapter}`}
              rows={2}
              value={b.beat}
              onChange={(e) => edit(i, { beat: e.target.value })}
            />
            <label htmlFor={`new-ending-${b.chapter}`}>How chapter {b.chapter} ends</label>
            <input
              id={`new-ending-${b.chapter}`}
              value={b.ending}
              onChange={(e) => edit(i, { ending: e.target.value })}
            />
          </li>
        ))}
      </ol>
    </details>
  );
}
