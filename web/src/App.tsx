import { useEffect, useRef, useState } from "react";
import { onTokenNeeded } from "./api";
import { BookPage } from "./BookPage";
import { BooksPage } from "./BooksPage";
import { Link } from "./Link";
import { NewBookPage } from "./NewBookPage";
import { useStore } from "./store";

export function App() {
  const route = useStore((s) => s.route);
  useEffect(() => {
    onTokenNeeded(
      () => new Promise<string | null>((resolve) => useStore.setState({ tokenAsked: resolve })),
    );
  }, []);
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

/** Asked once, when the API first answers 401; the token is kept for this tab (sessionStorage). */
function TokenDialog() {
  const asked = useStore((s) => s.tokenAsked);
  const [token, setToken] = useState("");
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (asked && !dialog.current?.open) dialog.current?.showModal();
    if (!asked && dialog.current?.open) dialog.current.close();
  }, [asked]);
  const answer = (value: string | null) => {
    useStore.setState({ tokenAsked: null });
    asked?.(value);
    setToken("");
  };
  return (
    <dialog ref={dialog} aria-labelledby="token-title" onCancel={() => answer(null)}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          answer(token.trim() || null);
        }}
      >
        <h2 id="token-title">This Fablestream needs its API token</h2>
        <p>The API answered 401: it was started with api.token set. The token is kept for this tab only.</p>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
        />
        <div className="actions">
          <button type="submit">Use this token</button>
          <button type="button" className="secondary" onClick={() => answer(null)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
