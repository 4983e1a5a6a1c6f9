package io.fablestream.app.http;

import io.fablestream.app.BookView;
import java.util.List;
import java.util.Map;

/** {@code GET /books}'s body for these views, as {@link BookRoutes#list} writes it. */
public final class ListedBooks {
  private ListedBooks() {}

  /** The body listing these views, in the order given. */
  public static Map<String, Object> body(List<BookView> views) {
    return Map.of("books", views.stream().map(ReadModel.Listed::of).toList());
  }
}
