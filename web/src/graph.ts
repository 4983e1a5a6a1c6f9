// The narrative graph of a book, and its layout: layers from top to bottom, computed here (no
// layout library): the analysis; its characters and conflicts, and the bible's cast of the picture
// and the plan; then bands of chapters, each band followed by the arc summaries of its chapters and
// the cast its chapters brought in. A band holds whole arcs where arcs are short, so an arc summary
// sits under the chapters it covers. A node lists the bible's facts its chapter set (the analysis
// those of chapter 0), a few lines at most, and is as tall as they make it.
import type { Edge, Node } from "@xyflow/react";
import { illustrationSrc } from "./bookView";
import type { BibleCharacter, BookView, Chapter } from "./types";

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 64;
const GAP_X = 40;
const GAP_Y = 70;
const MAX_PER_BAND = 6;
/** The most facts a node lists; past them it says how many more (all are in its hover text). */
export const MAX_FACTS_SHOWN = 4;
/** The height of one listed fact, one line (CSS `.node-facts li`). */
export const FACT_LINE_HEIGHT = 16;

export type NodeKind = "analysis" | "character" | "cast" | "conflict" | "chapter" | "summary";

export interface NarrativeData extends Record<string, unknown> {
  kind: NodeKind;
  label: string;
  detail?: string;
  chapter?: number;
  /** The bible's facts this node's chapter set, in the order they were set. */
  facts?: string[];
  /** Where a chapter's illustration is, to show it small on its node. */
  thumbnail?: string;
  /** The node's height in the layout: {@link NODE_HEIGHT}, more with facts listed. */
  height: number;
}

export type NarrativeNode = Node<NarrativeData>;

/** The name a character goes by: "Chelsea, a tabby cat" is named "Chelsea". */
export function characterName(character: string): string {
  const name = character.split(/[,(;:]| - | – | who | the /i)[0].trim();
  return name.replace(/^(a|an|the)\s+/i, "") || character.trim();
}

/** Whether a chapter's text names the character (the name as a whole word, any case). */
export function names(chapter: Chapter, character: string): boolean {
  const name = characterName(character);
  if (name.length < 2) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, "iu").test(
    chapter.title + "\n" + chapter.text,
  );
}

/**
 * The conflicts a chapter's validation says it advanced, as indexes into the analysis's list. The
 * judge names a conflict by its number (1 first) or by its text.
 */
export function advancedConflicts(chapter: Chapter, conflicts: string[]): number[] {
  const advanced = chapter.validation?.advancedConflicts ?? [];
  const found = new Set<number>();
  for (const entry of advanced) {
    const text = String(entry).trim();
    const number = Number(text);
    if (Number.isInteger(number) && number >= 1 && number <= conflicts.length) {
      found.add(number - 1);
      continue;
    }
    const index = conflicts.findIndex((c) => c.trim().toLowerCase() === text.toLowerCase());
    if (index >= 0) found.add(index);
  }
  return [...found].sort((a, b) => a - b);
}

/** The height of a node that lists these facts. */
export function nodeHeight(facts: number): number {
  if (facts === 0) return NODE_HEIGHT;
  const lines = Math.min(facts, MAX_FACTS_SHOWN) + (facts > MAX_FACTS_SHOWN ? 1 : 0);
  return NODE_HEIGHT + lines * FACT_LINE_HEIGHT;
}

/** A cast member's hover text: who they are, their other names, how they changed. */
function castDetail(member: BibleCharacter): string {
  const lines = [member.description || member.name];
  if (member.aliases.length > 0) lines.push(`also: ${member.aliases.join(", ")}`);
  for (const change of member.changes) lines.push(`chapter ${change.chapter}: ${change.change}`);
  return lines.join("\n");
}

/** A node's hover text with the facts it lists, each in full. */
function withFacts(detail: string, facts: string[]): string {
  return facts.length === 0 ? detail : [detail, ...facts.map((f) => `• ${f}`)].join("\n");
}

/** An edge from a chapter up to what sits above it: a conflict, a character or an arc summary. */
function upward(id: string, source: string, target: string, className: string): Edge {
  return { id, source, target, sourceHandle: "top-out", targetHandle: "bottom-in", className };
}

function perBand(arcLength: number): number {
  if (arcLength >= 1 && arcLength <= MAX_PER_BAND) {
    return arcLength * Math.floor(MAX_PER_BAND / arcLength);
  }
  return MAX_PER_BAND;
}

function rowX(count: number, index: number, width: number): number {
  const rowWidth = count * NODE_WIDTH + (count - 1) * GAP_X;
  return (width - rowWidth) / 2 + index * (NODE_WIDTH + GAP_X);
}

export function narrativeGraph(book: BookView): { nodes: NarrativeNode[]; edges: Edge[] } {
  const nodes: NarrativeNode[] = [];
  const edges: Edge[] = [];
  const chapters = [...book.chapters].sort((a, b) => a.number - b.number);
  const album = chapters.some((c) => c.picture > 1);
  const band = perBand(book.arcLength);
  const columns = Math.max(1, Math.min(band, Math.max(chapters.length, book.chapterCount)));
  const width = columns * NODE_WIDTH + (columns - 1) * GAP_X;
  const analysis = book.analysis;
  const characters = analysis?.characters ?? [];
  const conflicts = analysis?.potentialConflicts ?? [];
  const bible = book.bible;
  const known = new Set(chapters.map((c) => c.number));
  const factsOf = (chapter: number) =>
    (bible?.facts ?? []).filter((f) => f.chapter === chapter).map((f) => f.fact);
  // A cast member belongs under the chapter that brought them in; those of the picture and the
  // plan (chapter 0), or of a chapter not shown, sit beside the picture's characters.
  const cast = (bible?.cast ?? []).map((member, i) => ({
    id: `cast-${i}`,
    member,
    at: known.has(member.firstChapter) ? member.firstChapter : 0,
  }));
  // A character of the picture that the bible's cast holds, by a name or an alias, is its node.
  const castNamed = (character: string) => {
    const name = characterName(character).toLowerCase();
    return cast.find(({ member }) =>
      [member.name, ...member.aliases].some(
        (n) => n.toLowerCase() === name || characterName(n).toLowerCase() === name,
      ),
    );
  };
  const castNode = (item: (typeof cast)[number], position: { x: number; y: number }) => {
    nodes.push({
      id: item.id,
      type: "narrative",
      position,
      data: {
        kind: "cast",
        label: item.member.name,
        detail: castDetail(item.member),
        height: NODE_HEIGHT,
      },
    });
    const from = item.member.firstChapter;
    const source = known.has(from) ? `chapter-${from}` : from === 0 && analysis ? "analysis" : null;
    if (source) {
      edges.push({
        id: `${source}-brings-${item.id}`,
        source,
        target: item.id,
        sourceHandle: "bottom-out",
        targetHandle: "top-in",
        className: "edge-cast",
      });
    }
  };
  /** Lays rows of nodes of the layout's width from y; answers the y below them. */
  const rows = <T,>(items: T[], top: number, place: (item: T, x: number, y: number) => void) => {
    let at = top;
    for (let start = 0; start < items.length; start += columns) {
      const row = items.slice(start, start + columns);
      row.forEach((item, i) => place(item, rowX(row.length, i, width), at));
      at += NODE_HEIGHT + GAP_Y;
    }
    return at;
  };
  let y = 0;

  if (analysis) {
    const facts = factsOf(0);
    nodes.push({
      id: "analysis",
      type: "narrative",
      position: { x: rowX(1, 0, width), y },
      data: {
        kind: "analysis",
        label: analysis.setting,
        detail: withFacts(`mood: ${analysis.mood}`, facts),
        facts,
        height: nodeHeight(facts.length),
      },
    });
    y += nodeHeight(facts.length) + GAP_Y;
  }
  const pictured = characters
    .map((c, i) => ({ id: `character-${i}`, kind: "character" as const, label: c }))
    .filter((c) => !castNamed(c.label));
  const top = [
    ...cast.filter((c) => c.at === 0),
    ...(analysis ? pictured : []),
    ...(analysis
      ? conflicts.map((c, i) => ({ id: `conflict-${i}`, kind: "conflict" as const, label: c }))
      : []),
  ];
  y = rows(top, y, (item, x, at) => {
    if ("member" in item) {
      castNode(item, { x, y: at });
      return;
    }
    nodes.push({
      id: item.id,
      type: "narrative",
      position: { x, y: at },
      data: {
        kind: item.kind,
        label: item.kind === "character" ? characterName(item.label) : item.label,
        detail: item.kind === "character" ? item.label : "conflict",
        height: NODE_HEIGHT,
      },
    });
    edges.push({
      id: `analysis-${item.id}`,
      source: "analysis",
      target: item.id,
      sourceHandle: "bottom-out",
      targetHandle: "top-in",
      className: "edge-analysis",
    });
  });

  for (let start = 0; start < chapters.length; start += band) {
    const row = chapters.slice(start, start + band);
    const first = row[0].number;
    const last = row[row.length - 1].number;
    let tallest = NODE_HEIGHT;
    row.forEach((chapter, i) => {
      const facts = factsOf(chapter.number);
      tallest = Math.max(tallest, nodeHeight(facts.length));
      nodes.push({
        id: `chapter-${chapter.number}`,
        type: "narrative",
        ariaLabel: `Chapter ${chapter.number}: ${chapter.title}. Enter opens it.`,
        position: { x: rowX(columns, i, width), y },
        data: {
          kind: "chapter",
          label: `${chapter.number}. ${chapter.title}`,
          detail: withFacts(
            `${chapter.wordCount} words` + (album ? `, from picture ${chapter.picture}` : ""),
            facts,
          ),
          chapter: chapter.number,
          facts,
          thumbnail: illustrationSrc(book, chapter),
          height: nodeHeight(facts.length),
        },
      });
    });
    y += tallest + GAP_Y;
    const arcs = book.summaries.filter((s) => s.fromChapter >= first && s.fromChapter <= last);
    for (const arc of arcs) {
      const from = Math.max(arc.fromChapter, first) - first;
      const through = Math.min(arc.throughChapter, last) - first;
      const centre = (rowX(columns, from, width) + rowX(columns, through, width)) / 2;
      nodes.push({
        id: `summary-${arc.fromChapter}-${arc.throughChapter}`,
        type: "narrative",
        position: { x: centre, y },
        data: {
          kind: "summary",
          label: `Arc ${arc.fromChapter}–${arc.throughChapter}`,
          detail: arc.summary,
          height: NODE_HEIGHT,
        },
      });
    }
    if (arcs.length > 0) y += NODE_HEIGHT + GAP_Y;
    const brought = cast.filter((c) => c.at >= first && c.at <= last);
    y = rows(brought, y, (item, x, at) => castNode(item, { x, y: at }));
  }

  for (const chapter of chapters) {
    const id = `chapter-${chapter.number}`;
    if (known.has(chapter.number + 1)) {
      edges.push({
        id: `next-${chapter.number}`,
        source: id,
        target: `chapter-${chapter.number + 1}`,
        type: "smoothstep",
        sourceHandle: "right-out",
        targetHandle: "left-in",
        className: "edge-sequence",
        label: chapter.number % band === 0 ? "next" : undefined,
      });
    }
    for (const index of advancedConflicts(chapter, conflicts)) {
      edges.push(upward(`${id}-advances-${index}`, id, `conflict-${index}`, "edge-conflict"));
    }
    characters.forEach((character, index) => {
      const member = castNamed(character);
      // A character the cast holds is named through the cast node, from a later chapter.
      if (member && member.member.firstChapter >= chapter.number) return;
      if (names(chapter, character)) {
        edges.push(
          upward(
            `${id}-names-${index}`,
            id,
            member ? member.id : `character-${index}`,
            "edge-character",
          ),
        );
      }
    });
  }
  for (const arc of book.summaries) {
    for (let n = arc.fromChapter; n <= arc.throughChapter; n++) {
      if (known.has(n)) {
        edges.push(upward(`summary-${arc.fromChapter}-${arc.throughChapter}-covers-${n}`, `summary-${arc.fromChapter}-${arc.throughChapter}`, `chapter-${n}`, "edge-summary"));
      }
    }
  }
  return { nodes, edges };
}
