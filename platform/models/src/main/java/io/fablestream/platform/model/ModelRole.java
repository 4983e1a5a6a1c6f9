package io.fablestream.platform.model;

/**
 * What a call asks a model to do, so the gateway can apply that role's settings (its temperature)
 * whichever model plays it: the judge and the writer are often the same model.
 */
public enum ModelRole {
  /** Reads the picture ({@code model.vision}). */
  VISION,
  /** Writes chapters and summaries ({@code model.text}). */
  TEXT,
  /** Scores a chapter's mood and names the conflicts it advanced ({@code model.judge}). */
  JUDGE
}
