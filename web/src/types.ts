// The shapes of the HTTP API's JSON, as the OpenAPI description (GET /openapi.json) names them.
// The API leaves a null field out, so a field Java may leave null is optional here. These types are
// held to real responses by contract/responses.ts, which app's StudioContractTest writes and `tsc`
// checks: change them together with the API.

export type Stage = "SUBMITTED" | "ANALYZED" | "WRITING" | "COMPLETED" | "FAILED";

export interface Analysis {
  setting: string;
  characters: string[];
  mood: string;
  objects: string[];
  potentialConflicts: string[];
}

/** How a chapter fared against the judge. */
export interface Validation {
  moodScore: number;
  conflictCount: number;
  passed: boolean;
  /** One line per note of the judge or the checks. */
  notes: string[];
  /** The conflicts advanced, each by its number in the analysis (1 first) or its text. */
  advancedConflicts: string[];
}

export interface Chapter {
  number: number;
  title: string;
  text: string;
  wordCount: number;
  /** How many times it was written; 0 when not known (a finished book's chapter only). */
  attempts: number;
  /** True when a person wrote it. */
  edited: boolean;
  validation?: Validation;
  /** The revision that last wrote it. */
  revision: number;
  /** The place in the album (1 is the request's picture) of the picture it grows from. */
  picture: number;
  /** Its illustration; absent when it has none (yet). */
  illustration?: Illustration;
  /** Why it has no illustration though illustrations were on: a reason code. */
  illustrationFailure?: string;
}

/** A chapter's illustration: GET `path` (relative to the API) for its bytes. */
export interface Illustration {
  path: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** Pixels; 0 when unknown. */
  width: number;
  height: number;
  /** The picture in words, for a reader who cannot see it. */
  alt: string;
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
  chapterNumber?: number;
}

export interface Stats {
  promptTokens: number;
  outputTokens: number;
  modelTimeMs: number;
  wallTimeMs: number;
  modelCalls: number;
  /** The image model's drawings of the illustrations, apart from modelCalls; 0 without them. */
  imageCalls: number;
  /** Their time in milliseconds, retries included; apart from modelTimeMs. */
  imageTimeMs: number;
}

export interface Revision {
  revision: number;
  stage: Stage;
  /** The first chapter it changes; none for the first writing. */
  fromChapter?: number;
  instruction?: string;
  edited: boolean;
  requestedAt?: number;
  failure?: Failure;
}

/** A named character of the plan, in one line. */
export interface PlannedCharacter {
  name: string;
  line: string;
}

/** What a chapter of the plan does, and how it ends. */
export interface Beat {
  chapter: number;
  beat: string;
  ending: string;
  /**
   * The place in the album (1 is the first picture) of the picture the chapter grows from, as the
   * plan placed it; absent from a beat a person writes (a revision keeps the chapter's picture).
   */
  picture?: number;
}

/** The book's plan (docs/plan.md); `POST /books/{id}/plan` takes it back, edited or not. */
export interface Plan {
  revision: number;
  approved: boolean;
  title?: string;
  cast: PlannedCharacter[];
  mainConflict?: string;
  beats: Beat[];
}

/** How a character of the bible changed, and in which chapter. */
export interface CharacterChange {
  chapter: number;
  change: string;
}

/** A named character of the story bible; `firstChapter` 0 is the picture and the plan. */
export interface BibleCharacter {
  name: string;
  aliases: string[];
  description: string;
  firstChapter: number;
  changes: CharacterChange[];
}

/** A fact of the story, in one line, with the chapter that set it (0: the picture and the plan). */
export interface BibleFact {
  fact: string;
  chapter: number;
}

/** An open question or promise of the story; `resolvedIn` is absent while it is open. */
export interface BibleThread {
  thread: string;
  openedIn: number;
  resolvedIn?: number;
}

/** The finished book's story bible (docs/bible.md): at most 16 characters and 60 facts. */
export interface StoryBible {
  cast: BibleCharacter[];
  facts: BibleFact[];
  threads: BibleThread[];
}

/** `GET /books/{id}`, and each server-sent event of `/books/{id}/events`. */
export interface BookView {
  bookId: string;
  stage: Stage;
  revision: number;
  title?: string;
  language?: string;
  chapterCount: number;
  arcLength: number;
  wordsPerChapter: number;
  requestedBy?: string;
  submittedAt: number;
  updatedAt: number;
  lastEvent?: string;
  /** What the book waits for next, in words; none once it is finished. */
  waitingFor?: string;
  analysis?: Analysis;
  chapters: Chapter[];
  indexedThrough: number;
  summaries: Summary[];
  synopsis?: string;
  /** The finished book's story bible; absent before the book is finished. */
  bible?: StoryBible;
  failure?: Failure;
  stats?: Stats;
  /** Every revision known, oldest first; the current one is always there. */
  revisions: Revision[];
  quality?: Quality;
  plan?: Plan;
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
  judgeScore?: number;
  conflictsAdvanced?: number;
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
  judgeScore?: number;
  contradictionsFound: number;
  contradictionsFixed: number;
  judgeDegradation?: number;
  slopDegradation: number;
  slopList: string;
  chapters: ChapterQuality[];
  rubric?: Rubric;
}

export interface BookListItem {
  bookId: string;
  title?: string;
  stage: Stage;
  revision: number;
  chapterCount: number;
  submittedAt: number;
  updatedAt: number;
}

/** `GET /books`. */
export interface BookList {
  books: BookListItem[];
}

/** Every error the API answers. */
export interface ApiErrorBody {
  error: string;
  code: string;
  /** The request's field at fault, when one is. */
  field?: string;
}

// The 202 answers need a broker behind the API to be made, so the contract test has none of
// them; BookRoutes and RevisionRoutes write them.

/** `POST /books`: 202. */
export interface Accepted {
  bookId: string;
  status: string;
  events: string;
  markdown: string;
  epub: string;
}

/** `POST /books/{id}/revisions`: 202. */
export interface RevisionAccepted {
  bookId: string;
  revision: number;
  book: string;
  events: string;
}

/** `POST /books/{id}/plan`: 202. */
export interface PlanAccepted {
  bookId: string;
  planRevision: number;
  book: string;
}

/** The SSE event names the API sends: the view's lastEvent. */
export const EVENT_NAMES = [
  "book",
  "image.submitted",
  "analysis.ready",
  "book.planned",
  "chapter.written",
  "chapter.indexed",
  "chapter.illustrated",
  "arc.summarized",
  "book.completed",
  "book.failed",
  "revision.requested",
] as const;

export function finished(stage: Stage): boolean {
  return stage === "COMPLETED" || stage === "FAILED";
}
