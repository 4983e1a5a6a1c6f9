// The other half of the contract: responses.ts holds every field the API sends to types.ts (an
// extra, missing or mistyped field fails tsc); this holds every field of types.ts to some real
// response, so a field the API no longer sends cannot linger here as optional. Type-level only:
// an uncovered field fails `tsc` with `{ missing: "thatField" }`.
import type * as T from "../types";
import type * as R from "./responses";

/** The keys of every member of a union. */
type KeysOf<U> = U extends unknown ? keyof U : never;
/** A field of every member of a union that has it, nulls and arrays unwrapped. */
type Field<U, K extends PropertyKey> = U extends unknown
  ? K extends keyof U
    ? Unwrapped<NonNullable<U[K]>>
    : never
  : never;
/**
 * An array's element, or the value itself; never for a field only absent (`illustration?:
 * undefined` where an array literal's other element has it), which would infer `unknown`.
 */
type Unwrapped<V> = [V] extends [never] ? never : V extends readonly (infer E)[] ? E : V;
type Check<Type, Seen> = [Exclude<keyof Type, KeysOf<Seen>>] extends [never]
  ? "covered"
  : { missing: Exclude<keyof Type, KeysOf<Seen>> };

type Views =
  | typeof R.planWaitingForReview
  | typeof R.writing
  | typeof R.revisedAndCompleted
  | typeof R.failed;
type Chapters = Field<Views, "chapters">;
type Qualities = Field<Views, "quality">;
type Plans = Field<Views, "plan">;
type Bibles = Field<Views, "bible">;
type BibleCast = Field<Bibles, "cast">;
type Errors = typeof R.invalidField | typeof R.invalidPlan | typeof R.notReady;

export const bookView: Check<T.BookView, Views> = "covered";
export const analysis: Check<T.Analysis, Field<Views, "analysis">> = "covered";
export const chapter: Check<T.Chapter, Chapters> = "covered";
export const validation: Check<T.Validation, Field<Chapters, "validation">> = "covered";
export const illustration: Check<T.Illustration, Field<Chapters, "illustration">> = "covered";
export const summary: Check<T.Summary, Field<Views, "summaries">> = "covered";
export const failure: Check<T.Failure, Field<Views, "failure">> = "covered";
export const stats: Check<T.Stats, Field<Views, "stats">> = "covered";
export const revision: Check<T.Revision, Field<Views, "revisions">> = "covered";
export const quality: Check<T.Quality, Qualities> = "covered";
export const chapterQuality: Check<T.ChapterQuality, Field<Qualities, "chapters">> = "covered";
export const rubric: Check<T.Rubric, Field<Qualities, "rubric">> = "covered";
export const plan: Check<T.Plan, Plans> = "covered";
export const cast: Check<T.PlannedCharacter, Field<Plans, "cast">> = "covered";
export const beat: Check<T.Beat, Field<Plans, "beats">> = "covered";
export const bible: Check<T.StoryBible, Bibles> = "covered";
export const bibleCharacter: Check<T.BibleCharacter, BibleCast> = "covered";
export const characterChange: Check<T.CharacterChange, Field<BibleCast, "changes">> = "covered";
export const bibleFact: Check<T.BibleFact, Field<Bibles, "facts">> = "covered";
export const bibleThread: Check<T.BibleThread, Field<Bibles, "threads">> = "covered";
export const listItem: Check<T.BookListItem, Field<typeof R.bookList, "books">> = "covered";
export const error: Check<T.ApiErrorBody, Errors> = "covered";
