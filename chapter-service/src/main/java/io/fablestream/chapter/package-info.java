/**
 * chapter-service: writes each book chapter by chapter. How its state machine is laid out:
 *
 * <ul>
 *   <li>{@link io.fablestream.chapter.ChapterProcessor}, the processor: takes each event and each
 *       call's answer and decides which step of the book it moves on;
 *   <li>{@link io.fablestream.chapter.BookTask}, one per stream task: the book store, the chapters'
 *       texts, the calls in flight, the sinks and the clock, which every step below takes;
 *   <li>{@link io.fablestream.chapter.BookFlow}: the book's steps (plan, next chapter, publish,
 *       complete, fail, reopen for a revision);
 *   <li>{@link io.fablestream.chapter.ChapterSteps}: one chapter's steps (recall, write, judge,
 *       rewrite), each call recorded in the book's state;
 *   <li>{@link io.fablestream.chapter.BookTransitions}: the changes of a book's state, and {@link
 *       io.fablestream.chapter.CompletedBook}: the BookCompleted built from it;
 *   <li>{@link io.fablestream.chapter.Awaited}: what an open book waits for, after a chapter by
 *       {@link io.fablestream.schemas.AwaitRule} as the read model does; {@link
 *       io.fablestream.chapter.RevisionCheck}: whether a revision is taken, by {@link
 *       io.fablestream.schemas.RevisionRule} as the API does;
 *   <li>{@link io.fablestream.chapter.StallWatch}: the wall-clock look at every book (stalls,
 *       reviews never approved, closed books past their retention).
 * </ul>
 */
package io.fablestream.chapter;
