// What the pages read off a book's view.
import type { BookView } from "./types";

/** The chapters a revision rewrote: from its fromChapter on (none for the first revision). */
export function changedIn(view: BookView): (chapter: number) => boolean {
  const from = view.revisions.find((r) => r.revision === view.revision)?.fromChapter;
  return (chapter) => view.revision > 1 && from != null && chapter >= from;
}
