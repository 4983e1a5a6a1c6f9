// The studio's modules import one another without a cycle: a cycle makes the order modules
// initialise in depend on which one is loaded first, and ties pages that should stand alone.
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** Every module of src but the tests, by its path from src ("./App.tsx"), with its source. */
const SOURCES: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>(["./**/*.{ts,tsx}", "!./**/*.test.{ts,tsx}"], {
      query: "?raw",
      import: "default",
      eager: true,
    }),
  ),
);

/** A relative specifier from a module, as a path from src: "./a/b.ts" + "../c" is "./c". */
function resolve(from: string, specifier: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

/** Each module's imports of other modules of src (type-only imports included: tsc follows them). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, source] of Object.entries(SOURCES)) {
    const { importedFiles } = ts.preProcessFile(source, true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith("."))
      .map((name) => resolve(file, name))
      .flatMap((base) => [base, `${base}.ts`, `${base}.tsx`].filter((f) => f in SOURCES));
    graph.set(file, targets);
  }
  return graph;
}

/** The first cycle found, as the modules on it; null when there is none. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return null;
}

describe("the studio's imports", () => {
  it("finds a cycle when there is one", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["b"]],
    ]);
    expect(findCycle(graph)).toEqual(["b", "c", "b"]);
  });

  it("reads the imports of the real modules", () => {
    const graph = importGraph();
    expect(graph.get("./App.tsx")).toContain("./BookPage.tsx");
    expect(graph.get("./App.tsx")).toContain("./router.ts");
    expect(graph.get("./contract/coverage.ts")).toEqual(["./types.ts", "./contract/responses.ts"]);
  });

  it("have no cycle", () => {
    expect(findCycle(importGraph())?.join(" -> ") ?? null).toBeNull();
  });
});
