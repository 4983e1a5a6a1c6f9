import { describe, expect, it } from "vitest";
import { revisedAndCompleted, writing } from "./contract/responses";
import {
  advancedConflicts,
  characterName,
  MAX_FACTS_SHOWN,
  names,
  narrativeGraph,
  nodeHeight,
  NODE_HEIGHT,
  NODE_WIDTH,
  type NarrativeNode,
} from "./graph";
import type { BibleCharacter, BookView, Chapter } from "./types";

/** No two nodes overlap, each as tall as the layout made it. */
function expectApart(nodes: NarrativeNode[]) {
  for (const a of nodes) {
    for (const b of nodes) {
      if (a === b) continue;
      const upper = a.position.y <= b.position.y ? a : b;
      const apart =
        Math.abs(a.position.x - b.position.x) >= NODE_WIDTH ||
        Math.abs(a.position.y - b.position.y) >= upper.data.height;
      expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
    }
  }
}

function member(name: string, firstChapter: number, aliases: string[] = []): BibleCharacter {
  return { name, aliases, description: `${name}, who matters.`, firstChapter, changes: [] };
}

function chapter(number: number, text: string, advanced: string[] = []): Chapter {
  return {
    number,
    title: `Chapter ${number}`,
    text,
    wordCount: text.split(/\s+/).length,
    attempts: 1,
    edited: false,
    revision: 1,
    picture: 1,
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
      "cast-0",
      "character-0",
      "conflict-0",
      "chapter-1",
      "chapter-2",
      "summary-1-2",
      "cast-1",
    ]);
    expect(edges.map((e) => e.id).sort()).toEqual(
      [
        "analysis-brings-cast-0",
        "chapter-2-brings-cast-1",
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
    expectApart(narrativeGraph(book(15, 3)).nodes);
  });
});

describe("narrativeGraph with the story bible", () => {
  it("draws the cast of a real finished book, each under the chapter that brought them in", () => {
    const { nodes } = narrativeGraph(revisedAndCompleted);
    const node = (id: string) => nodes.find((n) => n.id === id)!;

    expect(node("cast-0").data).toMatchObject({ kind: "cast", label: "Mina" });
    expect(node("cast-0").data.detail).toBe(
      "A grey cat who wants the fish.\nalso: the cat\nchapter 3: learns to ask",
    );
    expect(node("cast-1").data).toMatchObject({ kind: "cast", label: "Oskar" });
    // Mina is of the picture: beside its characters; Oskar came in chapter 2: under its band.
    expect(node("cast-0").position.y).toBe(node("character-0").position.y);
    expect(node("cast-1").position.y).toBeGreaterThan(node("chapter-2").position.y);
    expect(node("cast-1").position.y).toBeGreaterThan(node("summary-1-2").position.y);
  });

  it("lists on each chapter the facts it set, and the picture's on the analysis", () => {
    const { nodes } = narrativeGraph(revisedAndCompleted);
    const data = (id: string) => nodes.find((n) => n.id === id)!.data;

    expect(data("analysis").facts).toEqual(["The kitchen is sunny."]);
    expect(data("chapter-1").facts).toEqual([]);
    expect(data("chapter-2").facts).toEqual(["Oskar limps."]);
    expect(data("chapter-2").detail).toContain("• Oskar limps.");
    expect(data("chapter-2").height).toBe(nodeHeight(1));
    expect(data("chapter-2").height).toBeGreaterThan(NODE_HEIGHT);
  });

  it("makes a character of the picture that the cast holds the cast's node", () => {
    const view: BookView = {
      ...book(2, 2),
      bible: {
        cast: [member("Chelsea", 0, ["the tabby"]), member("Bo", 1)],
        facts: [],
        threads: [],
      },
    };
    const { nodes, edges } = narrativeGraph(view);
    const ids = nodes.map((n) => n.id);

    expect(ids).not.toContain("character-0");
    expect(ids).toContain("character-1");
    expect(edges.map((e) => e.id)).toContain("analysis-brings-cast-0");
    expect(edges.map((e) => e.id)).toContain("chapter-1-brings-cast-1");
    expect(edges.find((e) => e.id === "chapter-1-names-0")?.target).toBe("cast-0");
  });

  it("keeps a full bible readable: 16 characters and 60 facts over 24 chapters", () => {
    const cast = Array.from({ length: 16 }, (_, i) => member(`Person ${i}`, i < 6 ? 0 : i - 5));
    const facts = Array.from({ length: 60 }, (_, i) => ({
      fact: `Fact ${i}, a line of the story that runs on for a good while to fill the node.`,
      chapter: i < 4 ? 0 : i < 12 ? 1 : 2 + (i % 23),
    }));
    const view: BookView = { ...book(24, 4), bible: { cast, facts, threads: [] } };
    const { nodes, edges } = narrativeGraph(view);
    const ids = new Set(nodes.map((n) => n.id));

    expect(nodes.filter((n) => n.data.kind === "cast")).toHaveLength(16);
    expectApart(nodes);
    expect(edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
    // Every fact is on the node of its chapter; chapter 1 set 8, and shows a few and "+4 more".
    expect(nodes.flatMap((n) => n.data.facts ?? []).sort()).toEqual(facts.map((f) => f.fact).sort());
    const tallest = Math.max(...nodes.map((n) => n.data.height));
    expect(tallest).toBe(nodeHeight(MAX_FACTS_SHOWN + 1));
    // No wider than a band of chapters.
    const xs = nodes.map((n) => n.position.x);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThanOrEqual(5 * (NODE_WIDTH + 40));
  });
});
