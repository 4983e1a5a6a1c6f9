import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { currentRoute, navigate, parseRoute, routePath, startRouter, type Route } from "./router";

describe("parseRoute and routePath", () => {
  const routes: [string, Route][] = [
    ["/", { page: "books" }],
    ["/new", { page: "new" }],
    ["/book/b-1", { page: "book", bookId: "b-1", tab: "overview", chapter: undefined }],
    ["/book/b-1/read?chapter=3", { page: "book", bookId: "b-1", tab: "read", chapter: 3 }],
    ["/book/b-1/graph", { page: "book", bookId: "b-1", tab: "graph", chapter: undefined }],
    ["/book/a%2Fb%20c", { page: "book", bookId: "a/b c", tab: "overview", chapter: undefined }],
  ];

  it.each(routes)("%s is a page and the way back to its path", (path, route) => {
    const [pathname, search = ""] = path.split("?");
    expect(parseRoute(pathname, search ? `?${search}` : "")).toEqual(route);
    expect(routePath(route)).toBe(path);
  });

  it("ignores a chapter that is not a whole number from 1", () => {
    for (const search of ["?chapter=0", "?chapter=-2", "?chapter=1.5", "?chapter=x", ""]) {
      expect(parseRoute("/book/b/read", search)).toMatchObject({ tab: "read", chapter: undefined });
    }
  });

  it("answers missing for a path the studio has no page at", () => {
    for (const path of ["/books", "/book", "/book/b/edit", "/new/x"]) {
      expect(parseRoute(path)).toEqual({ page: "missing", path });
      expect(routePath({ page: "missing", path })).toBe(path);
    }
  });
});

describe("navigate and the tab's history", () => {
  let location: { pathname: string; search: string };
  let listeners: (() => void)[];
  const history = {
    pushState: vi.fn((_: unknown, __: string, path: string) => go(path)),
    replaceState: vi.fn((_: unknown, __: string, path: string) => go(path)),
  };
  function go(path: string) {
    const [pathname, search] = path.split("?");
    location = { pathname, search: search ? `?${search}` : "" };
  }
  let stop: () => void;

  beforeEach(() => {
    location = { pathname: "/book/b-1/read", search: "?chapter=2" };
    listeners = [];
    history.pushState.mockClear();
    history.replaceState.mockClear();
    vi.stubGlobal("window", {
      get location() {
        return location;
      },
      history,
      scrollTo: vi.fn(),
      addEventListener: (_: string, listener: () => void) => listeners.push(listener),
      removeEventListener: (_: string, listener: () => void) =>
        (listeners = listeners.filter((l) => l !== listener)),
    });
    stop = startRouter();
  });

  afterEach(() => {
    stop();
    vi.unstubAllGlobals();
  });

  it("starts at the address bar's page", () => {
    expect(currentRoute()).toEqual({ page: "book", bookId: "b-1", tab: "read", chapter: 2 });
  });

  it("pushes the new path once, and replaces it when asked", () => {
    navigate({ page: "new" });
    navigate({ page: "new" });
    expect(history.pushState).toHaveBeenCalledTimes(1);
    expect(location.pathname).toBe("/new");
    expect(currentRoute()).toEqual({ page: "new" });

    navigate({ page: "books" }, true);
    expect(history.replaceState).toHaveBeenCalledWith(null, "", "/");
    expect(currentRoute()).toEqual({ page: "books" });
  });

  it("follows back and forward", () => {
    navigate({ page: "new" });
    go("/book/b-1/graph");
    listeners.forEach((l) => l());
    expect(currentRoute()).toEqual({
      page: "book",
      bookId: "b-1",
      tab: "graph",
      chapter: undefined,
    });
  });
});
