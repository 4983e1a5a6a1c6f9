/**
 * The figures of a finished book's quality report (BookCompleted.quality), as pure functions:
 * chapter-service computes them when it publishes a book, and any reader of the contract can
 * recompute them from the book's text. docs/quality.md gives each formula.
 */
package io.fablestream.schemas.quality;
