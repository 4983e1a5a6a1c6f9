package io.fablestream.schemas;

/**
 * The stable codes a BookFailed carries in {@code reason}. Programs match on these; the message
 * beside them is for people.
 */
public enum FailureReason {
  /**
   * The request's fields are wrong: both or neither of data and uri, or a parameter out of range.
   */
  INVALID_REQUEST,
  /** The image is over the byte limit or the pixel limit. */
  IMAGE_TOO_LARGE,
  /** The bytes are not a readable image of a supported format, or are cut short. */
  IMAGE_UNREADABLE,
  /** A real image, but of a format Fablestream does not read. */
  IMAGE_UNSUPPORTED,
  /** The image URI points where submitted URIs may not go. */
  IMAGE_URI_REJECTED,
  /** The image URI could not be read. */
  IMAGE_URI_UNREACHABLE,
  /** The model server stayed unreachable or erroring after retries, or a model is not pulled. */
  MODEL_UNAVAILABLE,
  /** The model's answer was not the JSON asked for, even after a repair attempt. */
  INVALID_MODEL_OUTPUT,
  /**
   * The model's answer still ran into its length limit when that limit was all the context window
   * left after the prompt: the answer cannot fit, so a larger window (or fewer words) is needed.
   */
  ANSWER_EXCEEDS_CONTEXT,
  /** A chapter failed validation on every attempt and the policy is to fail the book. */
  VALIDATION_EXHAUSTED,
  /** The vector store stayed unavailable after retries. */
  STORE_UNAVAILABLE,
  /** The book made no progress for longer than the configured bound. */
  STALLED,
  /**
   * A revision that cannot be made: the book is unknown, still open, or the revision number or the
   * chapter is out of range. The book's current revision is untouched.
   */
  INVALID_REVISION,
  /** The book waited for a person to approve its plan for longer than plan.review.timeout. */
  PLAN_NOT_APPROVED,
  /**
   * An album with more pictures than {@code album.max.pictures} (the first image included), or
   * whose request is over the topic's record limit. The message names the limit.
   */
  ALBUM_TOO_LARGE,
  /**
   * An album with more pictures than the book has chapters: every picture must be the seed of a
   * chapter at least, so the request is refused before any picture is read.
   */
  ALBUM_MORE_PICTURES_THAN_CHAPTERS,
  /**
   * One picture of an album is not a readable image of a supported format; the message names its
   * place ("picture 3 of 4"). The book fails: a story silently missing a picture is not what was
   * asked.
   */
  ALBUM_PICTURE_UNREADABLE,
  /** Two pictures of an album are the same picture; the message names both places. */
  ALBUM_PICTURE_DUPLICATE,
  /** One picture of an album is a URI that is refused or cannot be read; the message names it. */
  ALBUM_PICTURE_URI_FAILED,
  /** Anything else: a bug. The message says what happened. */
  INTERNAL_ERROR
}
