/**
 * The pictures of a new book, in the order the story runs through them (an album): the first is
 * the request's image, and each seeds its own chapters. Pure functions over the list, so the form's
 * ordering is tested without a browser.
 */

/** The most pictures a book grows from: album.max.pictures' default on the server. */
export const MAX_PICTURES = 12;

/** The list with the new files after it, in the order given, at most {@link MAX_PICTURES}. */
export function added<T>(list: readonly T[], files: readonly T[], max = MAX_PICTURES): T[] {
  return [...list, ...files].slice(0, max);
}

/** The list with the item at `from` moved to `to` (both clamped into the list). */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length) return [...list];
  const target = Math.max(0, Math.min(list.length - 1, to));
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item);
  return next;
}

/** The list without the item at `index`. */
export function removed<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** What is wrong with so many pictures for a book of so many chapters, or null. */
export function albumProblem(pictures: number, chapters: number): string | null {
  if (pictures === 0) return "Choose a picture first.";
  if (pictures > MAX_PICTURES) return `A book grows from at most ${MAX_PICTURES} pictures.`;
  if (Number.isInteger(chapters) && pictures > chapters) {
    return `Every picture seeds at least one chapter: ask for at least ${pictures} chapters, or choose fewer pictures.`;
  }
  return null;
}
