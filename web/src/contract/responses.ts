// Real responses of the API, written by app's StudioContractTest: do not edit.
// `satisfies` makes tsc (npm run build) hold types.ts to them; when the API
// changes, rerun that test with -Dcontract.write=true and fix types.ts.
import type { ApiErrorBody, BookList, BookView } from "../types";

export const planWaitingForReview = {
  "analysis" : {
    "characters" : [ "a tabby cat" ],
    "mood" : "curious",
    "objects" : [ "a chair" ],
    "potentialConflicts" : [ "the cat wants the fish" ],
    "setting" : "A sunlit kitchen."
  },
  "arcLength" : 3,
  "bookId" : "b-plan",
  "chapterCount" : 3,
  "chapters" : [ ],
  "indexedThrough" : 0,
  "language" : "en",
  "lastEvent" : "book.planned",
  "plan" : {
    "approved" : false,
    "beats" : [ {
      "beat" : "Chelsea sees the fish",
      "chapter" : 1,
      "ending" : "it is too high",
      "picture" : 1
    }, {
      "beat" : "She climbs the yarn basket",
      "chapter" : 2,
      "ending" : "the basket tips",
      "picture" : 1
    }, {
      "beat" : "The cook lifts her up",
      "chapter" : 3,
      "ending" : "",
      "picture" : 1
    } ],
    "cast" : [ {
      "line" : "a tabby cat who wants the fish",
      "name" : "Chelsea"
    } ],
    "mainConflict" : "the fish on the high shelf",
    "revision" : 1,
    "title" : "The Shelf"
  },
  "revision" : 1,
  "revisions" : [ {
    "edited" : false,
    "revision" : 1,
    "stage" : "ANALYZED"
  } ],
  "stage" : "ANALYZED",
  "submittedAt" : 1795428000000,
  "summaries" : [ ],
  "title" : "The Shelf",
  "updatedAt" : 1795428020000,
  "waitingFor" : "a person to approve the plan (POST /books/b-plan/plan)",
  "wordsPerChapter" : 100
} satisfies BookView;

export const writing = {
  "analysis" : {
    "characters" : [ "a tabby cat" ],
    "mood" : "curious",
    "objects" : [ "a chair" ],
    "potentialConflicts" : [ "the cat wants the fish" ],
    "setting" : "A sunlit kitchen."
  },
  "arcLength" : 2,
  "bookId" : "b-writing",
  "chapterCount" : 4,
  "chapters" : [ {
    "attempts" : 2,
    "edited" : false,
    "number" : 1,
    "picture" : 1,
    "revision" : 1,
    "text" : "Text of chapter 1.",
    "title" : "Chapter title 1",
    "validation" : {
      "advancedConflicts" : [ "1" ],
      "conflictCount" : 1,
      "moodScore" : 0.85,
      "notes" : [ "the first draft was too short", "the cat is named at last" ],
      "passed" : true
    },
    "wordCount" : 4
  } ],
  "indexedThrough" : 0,
  "language" : "en",
  "lastEvent" : "chapter.written",
  "revision" : 1,
  "revisions" : [ {
    "edited" : false,
    "revision" : 1,
    "stage" : "WRITING"
  } ],
  "stage" : "WRITING",
  "submittedAt" : 1795428000000,
  "summaries" : [ ],
  "updatedAt" : 1795428030000,
  "waitingFor" : "chapter 1 to be indexed in story memory",
  "wordsPerChapter" : 100
} satisfies BookView;

export const revisedAndCompleted = {
  "analysis" : {
    "characters" : [ "a tabby cat" ],
    "mood" : "curious",
    "objects" : [ "a chair" ],
    "potentialConflicts" : [ "the cat wants the fish" ],
    "setting" : "A sunlit kitchen."
  },
  "arcLength" : 2,
  "bible" : {
    "cast" : [ {
      "aliases" : [ "the cat" ],
      "changes" : [ {
        "change" : "learns to ask",
        "chapter" : 3
      } ],
      "description" : "A grey cat who wants the fish.",
      "firstChapter" : 0,
      "name" : "Mina"
    }, {
      "aliases" : [ ],
      "changes" : [ ],
      "description" : "A stranger at the kitchen door.",
      "firstChapter" : 2,
      "name" : "Oskar"
    } ],
    "facts" : [ {
      "chapter" : 0,
      "fact" : "The kitchen is sunny."
    }, {
      "chapter" : 2,
      "fact" : "Oskar limps."
    }, {
      "chapter" : 3,
      "fact" : "The fish is gone."
    } ],
    "threads" : [ {
      "openedIn" : 0,
      "resolvedIn" : 3,
      "thread" : "Will the cat get the fish?"
    }, {
      "openedIn" : 2,
      "thread" : "Where does Oskar come from?"
    } ]
  },
  "bookId" : "b-done",
  "chapterCount" : 2,
  "chapters" : [ {
    "attempts" : 2,
    "edited" : false,
    "illustration" : {
      "alt" : "The cat on the high shelf in chapter 1",
      "contentType" : "image/png",
      "height" : 48,
      "path" : "/books/b-done/chapters/1/illustration",
      "size" : 276,
      "width" : 64
    },
    "number" : 1,
    "picture" : 1,
    "revision" : 1,
    "text" : "Text of chapter 1.",
    "title" : "Chapter title 1",
    "validation" : {
      "advancedConflicts" : [ "1" ],
      "conflictCount" : 1,
      "moodScore" : 0.85,
      "notes" : [ "the first draft was too short", "the cat is named at last" ],
      "passed" : true
    },
    "wordCount" : 4
  }, {
    "attempts" : 2,
    "edited" : false,
    "illustrationFailure" : "ILLUSTRATION_UNAVAILABLE",
    "number" : 2,
    "picture" : 2,
    "revision" : 2,
    "text" : "Text of chapter 2.",
    "title" : "Chapter title 2 (revision 2)",
    "validation" : {
      "advancedConflicts" : [ "1" ],
      "conflictCount" : 1,
      "moodScore" : 0.85,
      "notes" : [ "the first draft was too short", "the cat is named at last" ],
      "passed" : true
    },
    "wordCount" : 4
  } ],
  "indexedThrough" : 2,
  "language" : "en",
  "lastEvent" : "book.completed",
  "quality" : {
    "chapters" : [ {
      "conflictsAdvanced" : 1,
      "judgeScore" : 0.9,
      "lengthScore" : 88.8889,
      "notXButY" : 1,
      "number" : 1,
      "oneSentenceParagraphs" : 0.0,
      "repetition" : 0.0,
      "shortfalls" : [ "slop: 125.0 per 1,000 words (> 10)" ],
      "slopHits" : 1,
      "slopPer1000" : 125.0,
      "targetWords" : 6,
      "wordCount" : 8
    }, {
      "judgeScore" : 0.7,
      "lengthScore" : 75.0,
      "notXButY" : 0,
      "number" : 2,
      "oneSentenceParagraphs" : 1.0,
      "repetition" : 0.0,
      "shortfalls" : [ "one-sentence paragraphs: 100% (> 50%)" ],
      "slopHits" : 0,
      "slopPer1000" : 0.0,
      "targetWords" : 6,
      "wordCount" : 4
    } ],
    "contradictionsFixed" : 0,
    "contradictionsFound" : 0,
    "judgeDegradation" : -0.2,
    "judgeScore" : 0.8,
    "lengthScore" : 81.9444,
    "oneSentenceParagraphs" : 0.5,
    "repetition" : 0.0,
    "rubric" : {
      "characterConsistency" : 8,
      "coherence" : 7,
      "ending" : 8,
      "evidence" : "The cat is the same cat throughout.",
      "model" : "j",
      "pacing" : 6,
      "prose" : 7
    },
    "slopDegradation" : -125.0,
    "slopList" : "en",
    "slopPer1000" : 83.3333
  },
  "requestedBy" : "ada",
  "revision" : 2,
  "revisions" : [ {
    "edited" : false,
    "revision" : 1,
    "stage" : "COMPLETED"
  }, {
    "edited" : false,
    "fromChapter" : 2,
    "instruction" : "make the cat kinder",
    "requestedAt" : 1795435200000,
    "revision" : 2,
    "stage" : "COMPLETED"
  } ],
  "stage" : "COMPLETED",
  "stats" : {
    "imageCalls" : 0,
    "imageTimeMs" : 0,
    "modelCalls" : 5,
    "modelTimeMs" : 300,
    "outputTokens" : 200,
    "promptTokens" : 100,
    "wallTimeMs" : 400
  },
  "submittedAt" : 1795428000000,
  "summaries" : [ {
    "fromChapter" : 1,
    "summary" : "Arc 1-2.",
    "throughChapter" : 2
  } ],
  "synopsis" : "A cat wants a fish and learns to ask for it.",
  "title" : "The Cat",
  "updatedAt" : 1795435800000,
  "wordsPerChapter" : 100
} satisfies BookView;

export const failed = {
  "analysis" : {
    "characters" : [ "a tabby cat" ],
    "mood" : "curious",
    "objects" : [ "a chair" ],
    "potentialConflicts" : [ "the cat wants the fish" ],
    "setting" : "A sunlit kitchen."
  },
  "arcLength" : 2,
  "bookId" : "b-failed",
  "chapterCount" : 2,
  "chapters" : [ ],
  "failure" : {
    "chapterNumber" : 1,
    "message" : "The text model did not answer.",
    "reason" : "MODEL_UNAVAILABLE",
    "stage" : "WRITE"
  },
  "indexedThrough" : 0,
  "language" : "en",
  "lastEvent" : "book.failed",
  "revision" : 1,
  "revisions" : [ {
    "edited" : false,
    "failure" : {
      "chapterNumber" : 1,
      "message" : "The text model did not answer.",
      "reason" : "MODEL_UNAVAILABLE",
      "stage" : "WRITE"
    },
    "revision" : 1,
    "stage" : "FAILED"
  } ],
  "stage" : "FAILED",
  "submittedAt" : 1795428000000,
  "summaries" : [ ],
  "updatedAt" : 1795431660000,
  "wordsPerChapter" : 100
} satisfies BookView;

export const bookList = {
  "books" : [ {
    "bookId" : "b-plan",
    "chapterCount" : 3,
    "revision" : 1,
    "stage" : "ANALYZED",
    "submittedAt" : 1795428000000,
    "title" : "The Shelf",
    "updatedAt" : 1795428020000
  }, {
    "bookId" : "b-writing",
    "chapterCount" : 4,
    "revision" : 1,
    "stage" : "WRITING",
    "submittedAt" : 1795428000000,
    "updatedAt" : 1795428030000
  }, {
    "bookId" : "b-done",
    "chapterCount" : 2,
    "revision" : 2,
    "stage" : "COMPLETED",
    "submittedAt" : 1795428000000,
    "title" : "The Cat",
    "updatedAt" : 1795435800000
  }, {
    "bookId" : "b-failed",
    "chapterCount" : 2,
    "revision" : 1,
    "stage" : "FAILED",
    "submittedAt" : 1795428000000,
    "updatedAt" : 1795431660000
  } ]
} satisfies BookList;

export const invalidField = {
  "code" : "INVALID_REQUEST",
  "error" : "limit is '0'; it must be a whole number from 1 to 500.",
  "field" : "limit"
} satisfies ApiErrorBody;

export const invalidPlan = {
  "code" : "INVALID_REQUEST",
  "error" : "Beats must be a non-empty array of {chapter, beat, ending}.",
  "field" : "beats"
} satisfies ApiErrorBody;

export const notReady = {
  "code" : "NOT_READY",
  "error" : "The read model is starting or rebalancing; try again."
} satisfies ApiErrorBody;
