// The studio's one store: where the person is, the book they look at and how it is followed live,
// the list of books, and the token question.
import { create } from "zustand";
import { api, messageOf } from "./api";
import { EVENT_NAMES, finished, type BookListItem, type BookView } from "./types";

export type Route =
  | { page: "books" }
  | { page: "new" }
  | { page: "book"; bookId: string; tab: "overview" | "read" | "graph"; chapter?: number }
  | { page: "missing"; path: string };

export function parseRoute(path: string, search = ""): Route {
  if (path === "/" || path === "") return { page: "books" };
  if (path === "/new") return { page: "new" };
  const book = /^\/book\/([^/]+)(?:\/(read|graph))?\/?$/.exec(path);
  if (book) {
    const chapter = Number(new URLSearchParams(search).get("chapter"));
    return {
      page: "book",
      bookId: decodeURIComponent(book[1]),
      tab: (book[2] as "read" | "graph" | undefined) ?? "overview",
      chapter: Number.isInteger(chapter) && chapter > 0 ? chapter : undefined,
    };
  }
  return { page: "missing", path };
}

export function routePath(route: Route): string {
  switch (route.page) {
    case "books":
      return "/";
    case "new":
      return "/new";
    case "book":
      return (
        `/book/${encodeURIComponent(route.bookId)}` +
        (route.tab === "overview" ? "" : `/${route.tab}`) +
        (route.chapter ? `?chapter=${route.chapter}` : "")
      );
    case "missing":
      return route.path;
  }
}

interface State {
  route: Route;
  navigate: (route: Route, replace?: boolean) => void;

  /** The token dialog: open while a call waits for the person's answer. */
  tokenAsked: ((token: string | null) => void) | null;

  books: BookListItem[] | null;
  booksError: string | null;
  loadBooks: () => Promise<void>;

  /** The book on screen: its current view (live) and, when one is chosen, an earlier revision. */
  bookId: string | null;
  live: BookView | null;
  liveConnected: boolean;
  /** A revision asked for from this page: follow until a view of it (or later) is finished. */
  awaitingRevision: number | null;
  shownRevision: number | null;
  revisionViews: Record<number, BookView>;
  bookError: string | null;
  /** Opens a book; `fresh` for one just submitted, which the read model may not know yet. */
  openBook: (bookId: string, fresh?: boolean) => void;
  closeBook: () => void;
  showRevision: (revision: number | null) => Promise<void>;
  followRevision: (revision: number) => void;
}

let source: EventSource | null = null;

function closeSource() {
  source?.close();
  source = null;
}

export const useStore = create<State>((set, get) => ({
  route: parseRoute(window.location.pathname, window.location.search),
  navigate: (route, replace = false) => {
    const path = routePath(route);
    if (path !== window.location.pathname + window.location.search) {
      if (replace) window.history.replaceState(null, "", path);
      else window.history.pushState(null, "", path);
    }
    set({ route });
    window.scrollTo(0, 0);
  },

  tokenAsked: null,

  books: null,
  booksError: null,
  loadBooks: async () => {
    try {
      set({ books: await api.books(), booksError: null });
    } catch (e) {
      set({ booksError: messageOf(e) });
    }
  },

  bookId: null,
  live: null,
  liveConnected: false,
  awaitingRevision: null,
  shownRevision: null,
  revisionViews: {},
  bookError: null,
  openBook: (bookId, fresh = false) => {
    if (get().bookId === bookId && (source || get().live)) return;
    closeSource();
    set({
      bookId,
      live: null,
      liveConnected: false,
      awaitingRevision: null,
      shownRevision: null,
      revisionViews: {},
      bookError: null,
    });
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
        if (get().bookId === bookId) set({ bookError: messageOf(e) });
      });
  },
  closeBook: () => {
    closeSource();
    set({ bookId: null, live: null, liveConnected: false });
  },
  showRevision: async (revision) => {
    const { bookId, live, revisionViews } = get();
    if (!bookId) return;
    if (revision === null || revision === (live?.revision ?? 1)) {
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
        bookError: null,
      }));
    } catch (e) {
      set({ bookError: messageOf(e) });
    }
  },
  followRevision: (revision) => {
    const { bookId } = get();
    if (!bookId) return;
    set({ awaitingRevision: revision, shownRevision: null });
    follow(bookId);
  },
}));

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
    const awaited = useStore.getState().awaitingRevision;
    const atAwaited = awaited === null || (view.revision ?? 1) >= awaited;
    // Until the revision asked for shows up, the stream still carries the finished revision
    // before it: keep the page on it, and let EventSource reconnect when the server ends it.
    useStore.setState({ live: view, liveConnected: true, bookError: null });
    if (finished(view.stage) && atAwaited) {
      useStore.setState({ awaitingRevision: null, liveConnected: false });
      closeSource();
    }
  };
  for (const name of EVENT_NAMES) events.addEventListener(name, onView as EventListener);
  events.onmessage = onView;
  events.onerror = () => {
    if (source !== events) return;
    useStore.setState({ liveConnected: false });
    if (events.readyState === EventSource.CLOSED) {
      // The server refused the stream (an HTTP error): say so, and fall back to one GET.
      api
        .book(bookId)
        .then((view) => useStore.setState({ live: view }))
        .catch((e) => useStore.setState({ bookError: messageOf(e) }));
      source = null;
    }
  };
}

window.addEventListener("popstate", () => {
  useStore.setState({ route: parseRoute(window.location.pathname, window.location.search) });
});
