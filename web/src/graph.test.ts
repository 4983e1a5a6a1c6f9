import { describe, expect, it } from "vitest";
import { revisedAndCompleted, writing } from "./contract/responses";
import {
  advancedConflicts,
  characterName,
  names,
  narrativeGraph,
  NODE_HEIGHT,
  NODE_WIDTH,
} from "./graph";
import type { BookView, Chapter } from "./types";

function chapter(number: number, text: string, advanced: string[] = []): Chapter {
  return {
    number,
    title: `Chapter ${number}`,
    text,
    wordCount: text.split(/\s+/).length,
    attempts: 1,
    edited: false,
    revision: 1,
    validation: {
      moodScore: 0.8,
      conflictCount: advanced.length,
      passed: true,
      notes: [],
      advancedConflicts: advanced,
    },
  };
}

/** A book of `count` chapters in arcs of `arcLength`, each arc summarised. */
function book(count: number, arcLength: number): BookView {
  const chapters = Array.from({ length: count }, (_, i) =>
    chapter(i + 1, `Chelsea waits, chapter ${i + 1}.`, i % 2 === 0 ? ["1"] : []),
  );
  const summaries = [];
  for (let from = 1; from <= count; from += arcLength) {
    const through = Math.min(count, from + arcLength - 1);
    summaries.push({ fromChapter: from, throughChapter: through, summary: `Arc ${from}` });
  }
  return {
    ...revisedAndCompleted,
    revision: 1,
    chapterCount: count,
    arcLength,
    analysis: {
      setting: "A kitchen.",
      characters: ["Chelsea, a tabby cat", "the cook"],
      mood: "calm",
      objects: [],
      potentialConflicts: ["the fish is high", "the cook is away"],
    },
    chapters,
    summaries,
  };
}

describe("characterName", () => {
  it("takes the name before the description", () => {
    expect(characterName("Chelsea, a tabby cat")).toBe("Chelsea");
    expect(characterName("Old Tom (the cook)")).toBe("Old Tom");
    expect(characterName("a tabby cat")).toBe("tabby cat");
    expect(characterName("the cook")).toBe("cook");
  });
});

describe("names", () => {
  it("finds the name as a whole word in any case, not inside another word", () => {
    expect(names(chapter(1, "Then CHELSEA jumped."), "Chelsea, a tabby cat")).toBe(true);
    expect(names(chapter(1, "Chelseas are rare."), "Chelsea, a tabby cat")).toBe(false);
    expect(names(chapter(1, "Nobody here."), "Chelsea, a tabby cat")).toBe(false);
  });
});

describe("advancedConflicts", () => {
  it("reads the judge's conflicts by number or by text, once each, in order", () => {
    const conflicts = ["the fish is high", "the cook is away"];
    expect(advancedConflicts(chapter(1, "", ["2", "The Fish Is High", "1"]), conflicts)).toEqual([
      0, 1,
    ]);
  });

  it("ignores numbers out of range and texts it does not know", () => {
    expect(advancedConflicts(chapter(1, "", ["0", "3", "a dragon"]), ["one", "two"])).toEqual([]);
  });
});

describe("narrativeGraph", () => {
  it("draws a real completed book: its analysis, cast, chapters and arc, and their links", () => {
    const { nodes, edges } = narrativeGraph(revisedAndCompleted);

    expect(nodes.map((n) => n.id)).toEqual([
      "analysis",
      "character-0",
      "conflict-0",
      "chapter-1",
      "chapter-2",
      "summary-1-2",
    ]);
    expect(edges.map((e) => e.id).sort()).toEqual(
      [
        "analysis-character-0",
        "analysis-conflict-0",
        "next-1",
        "chapter-1-advances-0",
        "chapter-2-advances-0",
        "summary-1-2-covers-1",
        "summary-1-2-covers-2",
      ].sort(),
    );
    expect(nodes.find((n) => n.id === "chapter-2")?.data).toMatchObject({
      kind: "chapter",
      label: "2. Chapter title 2 (revision 2)",
      chapter: 2,
    });
  });

  it("has no node for what is not written yet, and no edge to a node that is missing", () => {
    const { nodes, edges } = narrativeGraph(writing);
    const ids = new Set(nodes.map((n) => n.id));

    expect(nodes.filter((n) => n.data.kind === "chapter")).toHaveLength(1);
    expect(edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
  });

  it("links a chapter to the characters it names", () => {
    const { edges } = narrativeGraph(book(2, 2));

    expect(edges.map((e) => e.id)).toContain("chapter-1-names-0");
    expect(edges.map((e) => e.id)).not.toContain("chapter-1-names-1");
  });

  it("lays long books out in bands of whole arcs, each arc's summary under its chapters", () => {
    const { nodes } = narrativeGraph(book(12, 4));
    const at = (id: string) => nodes.find((n) => n.id === id)!.position;

    // Arcs of 4: a band holds one arc (6 per band at most), so three bands.
    expect(at("chapter-5").y).toBeGreaterThan(at("chapter-4").y);
    expect(at("chapter-4").y).toBe(at("chapter-1").y);
    for (const [from, through] of [
      [1, 4],
      [5, 8],
      [9, 12],
    ]) {
      const summary = at(`summary-${from}-${through}`);
      expect(summary.y).toBeGreaterThan(at(`chapter-${from}`).y);
      expect(summary.x).toBeCloseTo((at(`chapter-${from}`).x + at(`chapter-${through}`).x) / 2);
      if (through < 12) expect(summary.y).toBeLessThan(at(`chapter-${through + 1}`).y);
    }
  });

  it("puts no two nodes on top of each other", () => {
    const { nodes } = narrativeGraph(book(15, 3));
    for (const a of nodes) {
      for (const b of nodes) {
        if (a === b) continue;
        const apart =
          Math.abs(a.position.x - b.position.x) >= NODE_WIDTH ||
          Math.abs(a.position.y - b.position.y) >= NODE_HEIGHT;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }
  });
});
