import type { BookView, ChapterQuality, Quality } from "./types";

/** A figure with a fixed number of decimals, or a dash when there is none. */
function fixed(value: number | null | undefined, decimals: number): string {
  return value == null ? "—" : value.toFixed(decimals);
}

/** A share in [0, 1] as a whole percentage. */
function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** The chapter's figures in the book's report, if it has one. */
export function chapterQuality(view: BookView, chapter: number): ChapterQuality | undefined {
  return view.quality?.chapters.find((c) => c.number === chapter);
}

/** The finished book's figures (docs/quality.md) and a small chart of them per chapter. */
export function QualityPanel({ quality }: { quality: Quality }) {
  const short = quality.chapters.filter((c) => c.shortfalls.length > 0).map((c) => c.number);
  return (
    <section className="card quality" aria-labelledby="quality-title" data-testid="quality">
      <h2 id="quality-title">Quality</h2>
      <dl className="facts">
        <dt>Length score</dt>
        <dd data-testid="quality-length">{fixed(quality.lengthScore, 0)} / 100</dd>
        <dt>Slop per 1,000 words</dt>
        <dd data-testid="quality-slop">{fixed(quality.slopPer1000, 1)}</dd>
        <dt>Repetition</dt>
        <dd>{percent(quality.repetition)} of 5-grams said in an earlier chapter</dd>
        <dt>One-sentence paragraphs</dt>
        <dd>{percent(quality.oneSentenceParagraphs)}</dd>
        <dt>Judge score</dt>
        <dd data-testid="quality-judge">
          {fixed(quality.judgeScore, 2)}
          {quality.judgeDegradation != null &&
            ` (last chapter minus first: ${quality.judgeDegradation >= 0 ? "+" : ""}${fixed(quality.judgeDegradation, 2)})`}
        </dd>
        <dt>Slop, last chapter minus first</dt>
        <dd>
          {quality.slopDegradation >= 0 ? "+" : ""}
          {fixed(quality.slopDegradation, 1)}
        </dd>
        {quality.rubric && (
          <>
            <dt>Rubric</dt>
            <dd>
              coherence {quality.rubric.coherence} · characters{" "}
              {quality.rubric.characterConsistency} · pacing {quality.rubric.pacing} · prose{" "}
              {quality.rubric.prose} · ending {quality.rubric.ending}
            </dd>
          </>
        )}
        <dt>Chapters that fall short</dt>
        <dd data-testid="quality-short">{short.length > 0 ? short.join(", ") : "none"}</dd>
      </dl>
      {quality.chapters.length > 0 && (
        <div className="quality-charts">
          {CHARTS.map((chart) => (
            <ChapterBars
              key={chart.title}
              title={chart.title}
              chapters={quality.chapters}
              value={chart.value}
              max={chart.max(quality.chapters)}
              label={(v) => fixed(v, chart.decimals)}
            />
          ))}
        </div>
      )}
    </section>
  );
}

/** The charts of the panel: a figure per chapter, its scale's top, its decimals. */
const CHARTS: {
  title: string;
  value: (c: ChapterQuality) => number | undefined;
  max: (chapters: ChapterQuality[]) => number;
  decimals: number;
}[] = [
  { title: "Length score", value: (c) => c.lengthScore, max: () => 100, decimals: 0 },
  {
    title: "Slop per 1,000 words",
    value: (c) => c.slopPer1000,
    max: (chapters) => Math.max(10, ...chapters.map((c) => c.slopPer1000)),
    decimals: 1,
  },
  { title: "Judge score", value: (c) => c.judgeScore, max: () => 1, decimals: 2 },
];

const BAR = 18;
const GAP = 6;
const HEIGHT = 60;

/** One figure per chapter as bars; a chapter that falls short is drawn in the warning colour. */
function ChapterBars(props: {
  title: string;
  chapters: ChapterQuality[];
  value: (c: ChapterQuality) => number | undefined;
  max: number;
  label: (v: number | undefined) => string;
}) {
  const width = props.chapters.length * (BAR + GAP) + GAP;
  return (
    <figure className="quality-chart">
      <svg
        width={width}
        height={HEIGHT + 14}
        role="img"
        aria-label={`${props.title} by chapter: ${props.chapters
          .map((c) => `${c.number}: ${props.label(props.value(c))}`)
          .join(", ")}`}
      >
        {props.chapters.map((c, i) => {
          const v = props.value(c);
          const h = v == null ? 0 : Math.max(1, (Math.min(v, props.max) / props.max) * HEIGHT);
          const x = GAP + i * (BAR + GAP);
          return (
            <g key={c.number}>
              <rect
                x={x}
                y={HEIGHT - h}
                width={BAR}
                height={h}
                className={c.shortfalls.length > 0 ? "bar short" : "bar"}
              >
                <title>{`Chapter ${c.number}: ${props.label(v)}`}</title>
              </rect>
              <text x={x + BAR / 2} y={HEIGHT + 12} textAnchor="middle" className="bar-label">
                {c.number}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{props.title}</figcaption>
    </figure>
  );
}

/** The reader's mark on a chapter that falls short, with each figure past its bar. */
export function ShortfallNote({ quality }: { quality: ChapterQuality | undefined }) {
  if (!quality || quality.shortfalls.length === 0) return null;
  return (
    <div className="shortfall" role="note" data-testid="shortfall">
      <strong>This chapter falls short:</strong>
      <ul>
        {quality.shortfalls.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </div>
  );
}
