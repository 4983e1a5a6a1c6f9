// Where the person is: the studio's pages as routes, their paths, and the history of the tab.
import { create } from "zustand";

export type Tab = "overview" | "read" | "graph";

export type Route =
  | { page: "books" }
  | { page: "new" }
  | { page: "book"; bookId: string; tab: Tab; chapter?: number }
  | { page: "missing"; path: string };

/** The route of a path and query string; a path the studio has no page at is "missing". */
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

/** The path and query string of a route: parseRoute's inverse. */
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

const useRouter = create<{ route: Route }>(() => ({ route: { page: "books" } }));

/** The route on screen. */
export function useRoute(): Route {
  return useRouter((s) => s.route);
}

/** The route on screen, outside a component. */
export function currentRoute(): Route {
  return useRouter.getState().route;
}

/** Goes to a route: a new entry in the tab's history (or in place of the current one). */
export function navigate(route: Route, replace = false): void {
  const path = routePath(route);
  if (path !== window.location.pathname + window.location.search) {
    if (replace) window.history.replaceState(null, "", path);
    else window.history.pushState(null, "", path);
  }
  useRouter.setState({ route });
  window.scrollTo(0, 0);
}

/** Takes the route from the address bar, now and on every back or forward. */
export function startRouter(): () => void {
  const read = () =>
    useRouter.setState({ route: parseRoute(window.location.pathname, window.location.search) });
  read();
  window.addEventListener("popstate", read);
  return () => window.removeEventListener("popstate", read);
}
