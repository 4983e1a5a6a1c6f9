import { useState, type FormEvent } from "react";
import { api, messageOf } from "./api";
import { changedIn, isAlbum } from "./bookView";
import { Link } from "./Link";
import { ChapterIllustration } from "./Illustration";
import { followRevision } from "./liveBook";
import { chapterQuality, ShortfallNote } from "./QualityPanel";
import { navigate } from "./router";
import type { BookView, Chapter } from "./types";
import { Validation } from "./Validation";

/** One chapter to read, its validation, and the way to revise the book from it. */
export function ChapterPage(props: { view: BookView; live: BookView; chapter: number }) {
  const { view } = props;
  const chapter = view.chapters.find((c) => c.number === props.chapter);
  const changed = changedIn(view);
  return (
    <div className="reader">
      <nav className="toc" aria-label="Chapters">
        <ol>
          {view.chapters.map((c) => (
            <li key={c.number} value={c.number}>
              <Link
                to={{ page: "book", bookId: view.bookId, tab: "read", chapter: c.number }}
                current={c.number === props.chapter}
              >
                {c.title}
              </Link>
              {changed(c.number) && <span className="changed">changed</span>}
              {(chapterQuality(view, c.number)?.shortfalls.length ?? 0) > 0 && (
                <span className="short-mark" title="falls short" aria-label="falls short">
                  {" "}
                  ▲
                </span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      {chapter ? (
        <section className="chapter" aria-labelledby="chapter-title">
          <h2 id="chapter-title">
            Chapter {chapter.number}: {chapter.title}
          </h2>
          {changed(chapter.number) && (
            <p className="changed">Changed in revision {view.revision}</p>
          )}
          {chapter.edited && <p className="muted">This chapter's text was written by a person.</p>}
          {isAlbum(view) && <p className="muted picture-place">From picture {chapter.picture}</p>}
          <ChapterIllustration view={view} chapter={chapter} />
          <ShortfallNote quality={chapterQuality(view, chapter.number)} />
          <div className="text" data-testid="chapter-text">
            {chapter.text.split(/\n\s*\n/).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </div>
          <Validation chapter={chapter} conflicts={view.analysis?.potentialConflicts ?? []} />
          <div className="actions">
            {props.chapter > 1 && (
              <Link
                to={{ page: "book", bookId: view.bookId, tab: "read", chapter: props.chapter - 1 }}
              >
                ← Chapter {props.chapter - 1}
              </Link>
            )}
            {view.chapters.some((c) => c.number === props.chapter + 1) && (
              <Link
                to={{ page: "book", bookId: view.bookId, tab: "read", chapter: props.chapter + 1 }}
              >
                Chapter {props.chapter + 1} →
              </Link>
            )}
          </div>
          {view === props.live && <ReviseForm view={view} chapter={chapter} />}
        </section>
      ) : (
        <p>Chapter {props.chapter} is not written yet.</p>
      )}
    </div>
  );
}

type ReviseMode = "instruction" | "text";

/** The two ways to revise, each with its radio button's label. */
const MODES: [ReviseMode, string][] = [
  ["instruction", "An instruction for the model"],
  ["text", "My own text for this chapter"],
];

/** Revise the book from this chapter: a person's text for it, or an instruction for the model. */
function ReviseForm({ view, chapter }: { view: BookView; chapter: Chapter }) {
  const [mode, setMode] = useState<ReviseMode>("instruction");
  const [instruction, setInstruction] = useState("");
  const [text, setText] = useState(chapter.text);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = view.stage !== "COMPLETED";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const change = mode === "instruction" ? { instruction: instruction.trim() } : { text };
    if (mode === "instruction" && !change.instruction) {
      setError("Write an instruction for the model, or edit the text instead.");
      return;
    }
    setSending(true);
    setError(null);
    try {
      const accepted = await api.revise(view.bookId, chapter.number, change);
      followRevision(accepted.revision);
      navigate({ page: "book", bookId: view.bookId, tab: "overview" });
    } catch (err) {
      setError(messageOf(err));
      setSending(false);
    }
  };

  return (
    <form className="card revise" onSubmit={submit} aria-labelledby="revise-title">
      <h3 id="revise-title">Revise from chapter {chapter.number}</h3>
      {open && <p className="muted">A book can be revised once it is completed.</p>}
      <fieldset>
        <legend>How</legend>
        {MODES.map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name="mode"
              value={value}
              checked={mode === value}
              onChange={() => setMode(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {mode === "instruction" ? (
        <>
          <label htmlFor="instruction">Instruction for chapter {chapter.number}</label>
          <textarea
            id="instruction"
            rows={3}
            value={instruction}
            placeholder="e.g. make the stranger an old friend"
            onChange={(e) => setInstruction(e.target.value)}
          />
        </>
      ) : (
        <>
          <label htmlFor="chapter-edit">Text of chapter {chapter.number}</label>
          <textarea
            id="chapter-edit"
            rows={12}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </>
      )}
      <p className="muted">
        Chapters before {chapter.number} are kept; chapter {chapter.number} and every later one are
        written anew as revision {view.revision + 1}.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={sending || open}>
        {sending ? "Sending…" : "Regenerate from here"}
      </button>
    </form>
  );
}
