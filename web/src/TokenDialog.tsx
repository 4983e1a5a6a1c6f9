import { useEffect, useRef, useState } from "react";
import { create } from "zustand";
import { onTokenNeeded } from "./api";

/** The open question: set while a call waits for the person's answer. */
const useTokenQuestion = create<{ answer: ((token: string | null) => void) | null }>(() => ({
  answer: null,
}));

onTokenNeeded(
  () => new Promise<string | null>((resolve) => useTokenQuestion.setState({ answer: resolve })),
);

/** Asked once, when the API first answers 401; the token is kept for this tab (sessionStorage). */
export function TokenDialog() {
  const asked = useTokenQuestion((s) => s.answer);
  const [token, setToken] = useState("");
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (asked && !dialog.current?.open) dialog.current?.showModal();
    if (!asked && dialog.current?.open) dialog.current.close();
  }, [asked]);
  const answer = (value: string | null) => {
    useTokenQuestion.setState({ answer: null });
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
