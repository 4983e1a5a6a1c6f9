import { useState, type MouseEvent } from "react";
import { api, download, messageOf, storedToken } from "./api";
import { changedIn } from "./bookView";
import { ChapterPage } from "./ChapterPage";
import { Link } from "./Link";
import { showRevision, useLiveBook } from "./liveBook";
import { NarrativeGraph } from "./NarrativeGraph";
import { PlanPanel } from "./PlanPanel";
import { QualityPanel } from "./QualityPanel";
import type { Tab } from "./router";
import { StageBadge } from "./StageBadge";
import { finished, type BookView } from "./types";
import { Validation } from "./Validation";

/**
 * A link to a finished book's file. Without a token the browser follows it; with one, the page
 * fetches the file with the token and hands it over, so the API's token applies here too.
 */
function DownloadLink(props: { href: string; label: string }) {
  const [error, setError] = useState<string | null>(null);
  const onClick = async (event: MouseEvent<HTMLAnchorElement>) => {
    if (!storedToken()) return;
    event.preventDefault();
    try {
      await download(props.href);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <>
      <a href={props.href} className="muted" onClick={onClick}>
        {props.label}
      </a>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

export function BookPage(props: { bookId: string; tab: Tab; chapter?: number }) {
  const { bookId, tab } = props;
  const { live, view, connected, error } = useLiveBook(bookId);

  if (!live || !view) {
    return error ? (
      <div className="error" role="alert">
        <h1>This book cannot be shown</h1>
        <p>{error}</p>
      </div>
    ) : (
      <p>Loading the book…</p>
    );
  }
  return (
    <article aria-labelledby="book-title">
      <div className="heading">
        <h1 id="book-title">{view.title || "Untitled book"}</h1>
        <StageBadge stage={view.stage} />
      </div>
      <div className="toolbar">
        <nav className="tabs" aria-label="Book">
          <Link to={{ page: "book", bookId, tab: "overview" }} current={tab === "overview"}>
            Overview
          </Link>
          <Link
            to={{ page: "book", bookId, tab: "read", chapter: props.chapter ?? 1 }}
            current={tab === "read"}
          >
            Read
          </Link>
          <Link to={{ page: "book", bookId, tab: "graph" }} current={tab === "graph"}>
            Graph
          </Link>
        </nav>
        <RevisionPicker live={live} view={view} />
        {view.stage === "COMPLETED" && (
          <>
            <DownloadLink href={api.markdownUrl(bookId, view.revision)} label="Markdown" />
            <DownloadLink href={api.epubUrl(bookId, view.revision)} label="EPUB" />
          </>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {tab === "overview" && (
        <Overview view={view} following={view === live && !finished(view.stage) ? connected : null} />
      )}
      {tab === "read" && <ChapterPage view={view} live={live} chapter={props.chapter ?? 1} />}
      {tab === "graph" && <NarrativeGraph view={view} />}
    </article>
  );
}

function RevisionPicker({ live, view }: { live: BookView; view: BookView }) {
  return (
    <div className="revision-picker">
      <label htmlFor="revision">Revision</label>
      <select
        id="revision"
        value={view.revision}
        onChange={(e) => void showRevision(Number(e.target.value))}
      >
        {live.revisions.map((r) => (
          <option key={r.revision} value={r.revision}>
            {r.revision}
            {r.revision === live.revision ? " (current)" : ""}
            {r.fromChapter ? ` · from chapter ${r.fromChapter}` : ""}
            {` · ${r.stage}`}
          </option>
        ))}
      </select>
    </div>
  );
}

/** `following`: whether the live stream is open, for a book being written; null otherwise. */
function Overview({ view, following }: { view: BookView; following: boolean | null }) {
  const changed = changedIn(view);
  const written = view.chapters.length;
  return (
    <>
      <section className="card progress" aria-labelledby="progress-title">
        <h2 id="progress-title">Progress</h2>
        <p data-testid="stage">
          <StageBadge stage={view.stage} /> revision {view.revision}
          {following !== null && (
            <span className="muted"> · {following ? "following live" : "connecting…"}</span>
          )}
        </p>
        <label htmlFor="chapters-progress">
          {written} of {view.chapterCount} chapters written
        </label>
        <progress id="chapters-progress" max={Math.max(1, view.chapterCount)} value={written} />
        {view.waitingFor && (
          <p data-testid="waiting-for">
            Waiting for: <strong>{view.waitingFor}</strong>
          </p>
        )}
        {view.failure && (
          <p className="error" role="alert">
            Failed at {view.failure.stage} ({view.failure.reason}): {view.failure.message}
          </p>
        )}
      </section>
      {view.analysis && (
        <section className="card" aria-labelledby="analysis-title">
          <h2 id="analysis-title">The picture</h2>
          <p>{view.analysis.setting}</p>
          <dl className="facts">
            <dt>Mood</dt>
            <dd>{view.analysis.mood}</dd>
            <dt>Characters</dt>
            <dd>{view.analysis.characters.join("; ") || "none"}</dd>
            <dt>Objects</dt>
            <dd>{view.analysis.objects.join("; ") || "none"}</dd>
            <dt>Conflicts</dt>
            <dd>
              <ol>
                {view.analysis.potentialConflicts.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ol>
            </dd>
          </dl>
        </section>
      )}
      <PlanPanel view={view} live={following !== null} />
      {view.quality && <QualityPanel quality={view.quality} />}
      {view.synopsis && (
        <section className="card" aria-labelledby="synopsis-title">
          <h2 id="synopsis-title">Synopsis</h2>
          <p data-testid="synopsis">{view.synopsis}</p>
        </section>
      )}
      <section className="card" aria-labelledby="chapters-title">
        <h2 id="chapters-title">Chapters</h2>
        {written === 0 && <p className="muted">No chapter written yet.</p>}
        <ol className="chapters" data-testid="chapter-list">
          {view.chapters.map((c) => (
            <li key={c.number} value={c.number}>
              <Link to={{ page: "book", bookId: view.bookId, tab: "read", chapter: c.number }}>
                {c.title}
              </Link>{" "}
              <span className="muted">{c.wordCount} words</span>
              {changed(c.number) && (
                <span className="changed">changed in revision {view.revision}</span>
              )}
              <Validation
                chapter={c}
                conflicts={view.analysis?.potentialConflicts ?? []}
                compact
              />
            </li>
          ))}
        </ol>
      </section>
      {view.summaries.length > 0 && (
        <section className="card" aria-labelledby="arcs-title">
          <h2 id="arcs-title">Arc summaries</h2>
          {view.summaries.map((s) => (
            <div key={`${s.fromChapter}-${s.throughChapter}`} className="arc">
              <h3>
                Chapters {s.fromChapter}–{s.throughChapter}
              </h3>
              <p>{s.summary}</p>
            </div>
          ))}
        </section>
      )}
    </>
  );
}
