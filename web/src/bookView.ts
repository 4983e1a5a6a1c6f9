// What the pages read off a book's view.
import type { BookView, Chapter } from "./types";

/** The chapters a revision rewrote: from its fromChapter on (none for the first revision). */
export function changedIn(view: BookView): (chapter: number) => boolean {
  const from = view.revisions.find((r) => r.revision === view.revision)?.fromChapter;
  return (chapter) => view.revision > 1 && from != null && chapter >= from;
}

/** Whether the book grew from several pictures, so each chapter says which one. */
export function isAlbum(view: BookView): boolean {
  return view.chapters.some((c) => c.picture > 1);
}

/**
 * Where the page loads a chapter's illustration from: the API's path, pinned to the view's
 * revision (the drawing of the revision that last wrote the chapter, never a later one's, so the
 * browser may keep it for good); none when the chapter has no illustration.
 */
export function illustrationSrc(view: BookView, chapter: Chapter): string | undefined {
  return chapter.illustration && `${chapter.illustration.path}?revision=${view.revision}`;
}
