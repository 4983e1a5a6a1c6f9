// The book on screen: its current view, followed live through the API's server-sent events until it
// is finished, and the earlier revisions the person looks at.
import { useEffect } from "react";
import { create } from "zustand";
import { api, messageOf } from "./api";
import { EVENT_NAMES, finished, type BookView } from "./types";

interface LiveBook {
  bookId: string | null;
  /** The book's current view, as the last event left it. */
  live: BookView | null;
  /** Whether the event stream is open. */
  connected: boolean;
  /** A revision asked for from this page: follow until a view of it (or later) is finished. */
  awaitingRevision: number | null;
  /** The earlier revision shown instead of the current one, if one is chosen. */
  shownRevision: number | null;
  revisionViews: Record<number, BookView>;
  error: string | null;
}

const closed: LiveBook = {
  bookId: null,
  live: null,
  connected: false,
  awaitingRevision: null,
  shownRevision: null,
  revisionViews: {},
  error: null,
};

const useLiveBookStore = create<LiveBook>(() => closed);
const { getState: get, setState: set } = useLiveBookStore;

let source: EventSource | null = null;

function closeSource() {
  source?.close();
  source = null;
}

/** Opens a book; `fresh` for one just submitted, which the read model may not know yet. */
export function openBook(bookId: string, fresh = false): void {
  if (get().bookId === bookId && (source || get().live)) return;
  closeSource();
  set({ ...closed, bookId });
  if (fresh) {
    // Just accepted (so the token, if any, is known): the stream sends the book's view as soon
    // as the read model has it, where a GET this early could still answer 404.
    follow(bookId);
    return;
  }
  // A plain GET first: it answers 404 for an unknown book, and asks for the token if one is
  // needed, before the event stream (which cannot) is opened.
  api
    .book(bookId)
    .then((view) => {
      if (get().bookId !== bookId) return;
      set({ live: view });
      if (!finished(view.stage)) follow(bookId);
    })
    .catch((e) => {
      if (get().bookId === bookId) set({ error: messageOf(e) });
    });
}

export function closeBook(): void {
  closeSource();
  set(closed);
}

/** Shows an earlier revision of the book, or the current one for null. */
export async function showRevision(revision: number | null): Promise<void> {
  const { bookId, live, revisionViews } = get();
  if (!bookId) return;
  if (revision === null || revision === live?.revision) {
    set({ shownRevision: null });
    return;
  }
  if (revisionViews[revision]) {
    set({ shownRevision: revision });
    return;
  }
  try {
    const view = await api.book(bookId, revision);
    set((s) => ({
      shownRevision: revision,
      revisionViews: { ...s.revisionViews, [revision]: view },
      error: null,
    }));
  } catch (e) {
    set({ error: messageOf(e) });
  }
}

/** Follows the book live again until this revision of it is finished. */
export function followRevision(revision: number): void {
  const { bookId } = get();
  if (!bookId) return;
  set({ awaitingRevision: revision, shownRevision: null });
  follow(bookId);
}

/** Follows the book's server-sent events until it is finished (at the revision awaited). */
function follow(bookId: string) {
  closeSource();
  const events = new EventSource(api.eventsUrl(bookId));
  source = events;
  const onView = (message: MessageEvent<string>) => {
    if (source !== events) return;
    let view: BookView;
    try {
      view = JSON.parse(message.data) as BookView;
    } catch {
      return;
    }
    const awaited = get().awaitingRevision;
    const atAwaited = awaited === null || view.revision >= awaited;
    // Until the revision asked for shows up, the stream still carries the finished revision
    // before it: keep the page on it, and let EventSource reconnect when the server ends it.
    set({ live: view, connected: true, error: null });
    if (finished(view.stage) && atAwaited) {
      set({ awaitingRevision: null, connected: false });
      closeSource();
    }
  };
  for (const name of EVENT_NAMES) events.addEventListener(name, onView as EventListener);
  events.onmessage = onView;
  events.onerror = () => {
    if (source !== events) return;
    set({ connected: false });
    if (events.readyState === EventSource.CLOSED) {
      // The server refused the stream (an HTTP error): say so, and fall back to one GET.
      api
        .book(bookId)
        .then((view) => set({ live: view }))
        .catch((e) => set({ error: messageOf(e) }));
      source = null;
    }
  };
}

/**
 * The book with this id, opened while the calling page is mounted: its live view, the view shown
 * (an earlier revision, or the live one), whether it is followed, and the last error.
 */
export function useLiveBook(bookId: string) {
  useEffect(() => {
    openBook(bookId);
  }, [bookId]);
  // Closed when the page goes, not when the id changes: openBook replaces the book itself, and a
  // book opened fresh by the form keeps its stream.
  useEffect(() => () => closeBook(), []);
  const live = useLiveBookStore((s) => s.live);
  const shown = useLiveBookStore((s) =>
    s.shownRevision ? s.revisionViews[s.shownRevision] : null,
  );
  const connected = useLiveBookStore((s) => s.connected);
  const error = useLiveBookStore((s) => s.error);
  return { live, view: shown ?? live, connected, error };
}
