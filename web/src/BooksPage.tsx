import { useEffect } from "react";
import { Link } from "./Link";
import { useStore } from "./store";
import { StageBadge } from "./StageBadge";

export function BooksPage() {
  const books = useStore((s) => s.books);
  const error = useStore((s) => s.booksError);
  const load = useStore((s) => s.loadBooks);
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
