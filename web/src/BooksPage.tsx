import { useCallback, useEffect, useState } from "react";
import { api, messageOf } from "./api";
import { Link } from "./Link";
import { StageBadge } from "./StageBadge";
import type { BookListItem } from "./types";

export function BooksPage() {
  const [books, setBooks] = useState<BookListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setBooks(await api.books());
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section aria-labelledby="books-title">
      <div className="heading">
        <h1 id="books-title">Books</h1>
        <button type="button" className="secondary" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {books === null && !error && <p>Loading the books…</p>}
      {books !== null && books.length === 0 && (
        <p>
          No books yet. <Link to={{ page: "new" }}>Make one from a picture.</Link>
        </p>
      )}
      {books !== null && books.length > 0 && (
        <ul className="books" aria-label="Books, newest first">
          {books.map((b) => (
            <li key={b.bookId}>
              <Link to={{ page: "book", bookId: b.bookId, tab: "overview" }}>
                {b.title || "Untitled book"}
              </Link>
              <StageBadge stage={b.stage} />
              <span className="muted">
                {b.chapterCount} chapters · revision {b.revision} ·{" "}
                {new Date(b.submittedAt).toLocaleString()}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
