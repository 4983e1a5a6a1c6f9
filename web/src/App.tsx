import { BookPage } from "./BookPage";
import { BooksPage } from "./BooksPage";
import { Link } from "./Link";
import { NewBookPage } from "./NewBookPage";
import { useRoute } from "./router";
import { TokenDialog } from "./TokenDialog";

export function App() {
  const route = useRoute();
  return (
    <>
      <header className="top">
        <Link to={{ page: "books" }} className="brand">
          Fablestream studio
        </Link>
        <nav aria-label="Studio">
          <Link to={{ page: "books" }} current={route.page === "books"}>
            Books
          </Link>
          <Link to={{ page: "new" }} current={route.page === "new"} className="button">
            New book
          </Link>
        </nav>
      </header>
      <main className="page">
        {route.page === "books" && <BooksPage />}
        {route.page === "new" && <NewBookPage />}
        {route.page === "book" && (
          <BookPage bookId={route.bookId} tab={route.tab} chapter={route.chapter} />
        )}
        {route.page === "missing" && (
          <div className="error" role="alert">
            <h1>No such page</h1>
            <p>The studio has no page at {route.path}.</p>
          </div>
        )}
      </main>
      <TokenDialog />
    </>
  );
}
