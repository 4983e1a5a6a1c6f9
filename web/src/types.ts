// The shapes of the HTTP API's JSON (API-CONTRACT.md). Fields the server may not send yet are optional.

export type Stage = "SUBMITTED" | "ANALYZED" | "WRITING" | "COMPLETED" | "FAILED";

export interface Analysis {
  setting: string;
  characters: string[];
  mood: string;
  objects: string[];
  potentialConflicts: string[];
}

export interface Validation {
  moodScore: number;
  conflictCount: number;
  passed: boolean;
  notes: string | null;
  advancedConflicts?: string[];
}

export interface Chapter {
  number: number;
  title: string;
  text: string;
  wordCount: number;
  attempts?: number;
  edited?: boolean;
  validation?: Validation | null;
}

export interface Summary {
  fromChapter: number;
  throughChapter: number;
  summary: string;
}

export interface Failure {
  stage: string;
  reason: string;
  message: string;
  chapterNumber: number | null;
}

export interface Revision {
  revision: number;
  stage: Stage;
  fromChapter: number | null;
  instruction: string | null;
  edited: boolean;
  requestedAt: number | null;
}

export interface BookView {
  bookId: string;
  stage: Stage;
  revision?: number;
  title: string | null;
  language?: string;
  chapterCount: number;
  arcLength: number;
  wordsPerChapter: number;
  requestedBy?: string | null;
  submittedAt: number;
  updatedAt: number;
  lastEvent: string | null;
  waitingFor: string | null;
  analysis: Analysis | null;
  chapters: Chapter[];
  indexedThrough: number;
  summaries: Summary[];
  synopsis?: string | null;
  failure: Failure | null;
  stats: Record<string, number> | null;
  revisions?: Revision[];
  quality?: Quality | null;
}

/** One chapter's figures of the quality report (docs/quality.md). */
export interface ChapterQuality {
  number: number;
  wordCount: number;
  targetWords: number;
  lengthScore: number;
  repetition: number;
  slopHits: number;
  notXButY: number;
  slopPer1000: number;
  oneSentenceParagraphs: number;
  judgeScore: number | null;
  conflictsAdvanced: number | null;
  /** One line per figure past its bar; a chapter with any falls short. */
  shortfalls: string[];
}

export interface Rubric {
  evidence: string;
  coherence: number;
  characterConsistency: number;
  pacing: number;
  prose: number;
  ending: number;
  model: string;
}

/** The finished book's quality report (docs/quality.md), as BookCompleted carries it. */
export interface Quality {
  lengthScore: number;
  repetition: number;
  slopPer1000: number;
  oneSentenceParagraphs: number;
  judgeScore: number | null;
  contradictionsFound: number;
  contradictionsFixed: number;
  judgeDegradation: number | null;
  slopDegradation: number;
  slopList: string;
  chapters: ChapterQuality[];
  rubric: Rubric | null;
}

export interface BookListItem {
  bookId: string;
  title: string | null;
  stage: Stage;
  revision: number;
  chapterCount: number;
  submittedAt: number;
  updatedAt: number;
}

export interface Accepted {
  bookId: string;
  events: string;
  book?: string;
  markdown: string;
  epub: string;
}

/** The SSE event names the API sends: the view's lastEvent (API-CONTRACT.md). */
export const EVENT_NAMES = [
  "book",
  "image.submitted",
  "analysis.ready",
  "chapter.written",
  "chapter.indexed",
  "arc.summarized",
  "book.completed",
  "book.failed",
  "revision.requested",
] as const;

export function finished(stage: Stage): boolean {
  return stage === "COMPLETED" || stage === "FAILED";
}
