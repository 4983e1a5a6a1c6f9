import { useState, type FormEvent } from "react";
import { api, formErrorOf, type FormError } from "./api";
import type { Beat, BookView, Plan } from "./types";

/**
 * The book's plan (docs/plan.md): its cast, main conflict and a beat per chapter. A book submitted
 * for review waits on it: then the beats can be edited and approved, and the book is written from
 * them (`POST /books/{id}/plan`). Otherwise it is shown as the book is written from it.
 */
export function PlanPanel({ view, live }: { view: BookView; live: boolean }) {
  const plan = view.plan;
  if (!plan) return null;
  const waiting = live && !plan.approved && view.stage !== "COMPLETED" && view.stage !== "FAILED";
  return (
    <section className="card plan" aria-labelledby="plan-title" data-testid="plan">
      <h2 id="plan-title">The plan</h2>
      {plan.cast.length > 0 && (
        <>
          <h3>Cast</h3>
          <ul className="cast">
            {plan.cast.map((c) => (
              <li key={c.name}>
                <strong>{c.name}</strong>
                {c.line && ` — ${c.line}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {waiting ? (
        // Keyed by the plan's revision: a newer plan from the stream starts a fresh form.
        <PlanReview key={plan.revision} bookId={view.bookId} plan={plan} />
      ) : (
        <>
          {plan.mainConflict && (
            <p>
              <strong>Main conflict:</strong> {plan.mainConflict}
            </p>
          )}
          <ol className="beats" data-testid="plan-beats">
            {plan.beats.map((b) => (
              <li key={b.chapter} value={b.chapter}>
                {b.beat}
                {b.ending && <span className="muted"> It ends: {b.ending}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** The plan as a form: the main conflict, and each chapter's beat and ending, then approval. */
function PlanReview({ bookId, plan }: { bookId: string; plan: Plan }) {
  const [mainConflict, setMainConflict] = useState(plan.mainConflict ?? "");
  const [beats, setBeats] = useState<Beat[]>(plan.beats);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<FormError | null>(null);

  const edit = (index: number, change: Partial<Beat>) =>
    setBeats((all) => all.map((b, i) => (i === index ? { ...b, ...change } : b)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const blank = beats.findIndex((b) => !b.beat.trim());
    if (blank >= 0) {
      setError({
        message: `Chapter ${beats[blank].chapter}'s beat is empty: say what happens in it.`,
        field: `beats[${blank}].beat`,
      });
      document.getElementById(`beat-${blank}`)?.focus();
      return;
    }
    setSending(true);
    setError(null);
    try {
      await api.approvePlan(bookId, {
        ...plan,
        mainConflict: mainConflict.trim(),
        beats: beats.map((b) => ({ ...b, beat: b.beat.trim(), ending: b.ending.trim() })),
      });
      setSent(true);
    } catch (err) {
      setError(formErrorOf(err));
      setSending(false);
    }
  };

  return (
    <form className="plan-review" onSubmit={submit} noValidate>
      <p data-testid="plan-waiting">
        The book waits for you: edit the plan if you like, then approve it, and the chapters are
        written from it.
      </p>
      <label htmlFor="main-conflict">Main conflict (the last chapter resolves it)</label>
      <input
        id="main-conflict"
        value={mainConflict}
        aria-invalid={error?.field === "mainConflict" || undefined}
        onChange={(e) => setMainConflict(e.target.value)}
      />
      <ol className="beats">
        {beats.map((b, i) => (
          <li key={b.chapter} value={b.chapter}>
            <label htmlFor={`beat-${i}`}>Chapter {b.chapter}: what happens</label>
            <textarea
              id={`beat-${i}`}
              rows={2}
              value={b.beat}
              aria-invalid={error?.field === `beats[${i}].beat` || undefined}
              onChange={(e) => edit(i, { beat: e.target.value })}
            />
            <label htmlFor={`ending-${i}`}>How chapter {b.chapter} ends</label>
            <input
              id={`ending-${i}`}
              value={b.ending}
              aria-invalid={error?.field === `beats[${i}].ending` || undefined}
              onChange={(e) => edit(i, { ending: e.target.value })}
            />
          </li>
        ))}
      </ol>
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      <button type="submit" disabled={sending}>
        {sent ? "Approved: writing…" : sending ? "Sending…" : "Approve and write"}
      </button>
    </form>
  );
}
