// The narrative graph of a book, and its layout: layers from top to bottom, computed here (no
// layout library): the analysis; its characters and conflicts; then bands of chapters, each band
// followed by the arc summaries of its chapters. A band holds whole arcs where arcs are short, so
// an arc summary sits under the chapters it covers.
import type { Edge, Node } from "@xyflow/react";
import type { BookView, Chapter } from "./types";

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 64;
const GAP_X = 40;
const GAP_Y = 70;
const MAX_PER_BAND = 6;

export type NodeKind = "analysis" | "character" | "conflict" | "chapter" | "summary";

export interface NarrativeData extends Record<string, unknown> {
  kind: NodeKind;
  label: string;
  detail?: string;
  chapter?: number;
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
  const band = perBand(book.arcLength);
  const columns = Math.max(1, Math.min(band, Math.max(chapters.length, book.chapterCount)));
  const width = columns * NODE_WIDTH + (columns - 1) * GAP_X;
  const analysis = book.analysis;
  const characters = analysis?.characters ?? [];
  const conflicts = analysis?.potentialConflicts ?? [];
  let y = 0;

  if (analysis) {
    nodes.push({
      id: "analysis",
      type: "narrative",
      position: { x: rowX(1, 0, width), y },
      data: {
        kind: "analysis",
        label: analysis.setting,
        detail: `mood: ${analysis.mood}`,
      },
    });
    y += NODE_HEIGHT + GAP_Y;
    const cast = [
      ...characters.map((c, i) => ({ id: `character-${i}`, kind: "character" as const, label: c })),
      ...conflicts.map((c, i) => ({ id: `conflict-${i}`, kind: "conflict" as const, label: c })),
    ];
    for (let start = 0; start < cast.length; start += columns) {
      const row = cast.slice(start, start + columns);
      row.forEach((item, i) => {
        nodes.push({
          id: item.id,
          type: "narrative",
          position: { x: rowX(row.length, i, width), y },
          data: {
            kind: item.kind,
            label: item.kind === "character" ? characterName(item.label) : item.label,
            detail: item.kind === "character" ? item.label : "conflict",
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
      y += NODE_HEIGHT + GAP_Y;
    }
  }

  for (let start = 0; start < chapters.length; start += band) {
    const row = chapters.slice(start, start + band);
    const first = row[0].number;
    const last = row[row.length - 1].number;
    row.forEach((chapter, i) => {
      nodes.push({
        id: `chapter-${chapter.number}`,
        type: "narrative",
        ariaLabel: `Chapter ${chapter.number}: ${chapter.title}. Enter opens it.`,
        position: { x: rowX(columns, i, width), y },
        data: {
          kind: "chapter",
          label: `${chapter.number}. ${chapter.title}`,
          detail: `${chapter.wordCount} words`,
          chapter: chapter.number,
        },
      });
    });
    y += NODE_HEIGHT + GAP_Y;
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
        },
      });
    }
    if (arcs.length > 0) y += NODE_HEIGHT + GAP_Y;
  }

  const known = new Set(chapters.map((c) => c.number));
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
      if (names(chapter, character)) {
        edges.push(upward(`${id}-names-${index}`, id, `character-${index}`, "edge-character"));
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
