// Every call to the HTTP API goes through here: the token (asked for once on a 401, kept in
// sessionStorage, sent as Authorization: Bearer) and errors as the API's own `error` message.
import type {
  Accepted,
  BookList,
  BookView,
  Plan,
  PlanAccepted,
  RevisionAccepted,
} from "./types";

const TOKEN_KEY = "fablestream.token";

/** An API answer that is not a success, with the message the API gave for a person. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * Asks the person for the token; set by the app's token dialog. Resolves with the token, or null
 * when they cancel. One question is shared by every call waiting on it.
 */
let askForToken: (() => Promise<string | null>) | null = null;
let pendingAsk: Promise<string | null> | null = null;

export function onTokenNeeded(ask: () => Promise<string | null>): void {
  askForToken = ask;
}

function ask(): Promise<string | null> {
  if (!askForToken) return Promise.resolve(null);
  if (!pendingAsk) {
    pendingAsk = askForToken().finally(() => {
      pendingAsk = null;
    });
  }
  return pendingAsk;
}

async function request(path: string, init: RequestInit = {}, retried = false): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = storedToken();
  if (token) headers.set("Authorization", `Bearer ${token}`);
  headers.set("Accept", "application/json");
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError("The Fablestream API cannot be reached. Is it running?", 0, "NETWORK");
  }
  if (response.status === 401 && !retried) {
    if (token) storeToken(null);
    const given = await ask();
    if (given) {
      storeToken(given);
      return request(path, init, true);
    }
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    if (body && typeof body.error === "string") {
      return new ApiError(body.error, response.status, String(body.code ?? ""), body.field);
    }
  } catch {
    // Not JSON: fall through to a message made from the status.
  }
  return new ApiError(
    `The API answered ${response.status} ${response.statusText}`.trim(),
    response.status,
    "HTTP_" + response.status,
  );
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  return (await request(path, init)).json() as Promise<T>;
}

export interface NewBook {
  image: File;
  title: string;
  chapters: number;
  arcLength: number;
  words: number;
  language: string;
  /** Hold the book after its plan, for a person to review and approve it. */
  reviewPlan: boolean;
}

export const api = {
  books: (limit = 50) => json<BookList>(`/books?limit=${limit}`).then((b) => b.books),
  book: (bookId: string, revision?: number) =>
    json<BookView>(
      `/books/${encodeURIComponent(bookId)}` + (revision ? `?revision=${revision}` : ""),
    ),
  submit: (book: NewBook) => {
    const form = new FormData();
    form.append("image", book.image);
    if (book.title.trim()) form.append("title", book.title.trim());
    form.append("chapters", String(book.chapters));
    form.append("arcLength", String(book.arcLength));
    form.append("words", String(book.words));
    form.append("language", book.language);
    if (book.reviewPlan) form.append("reviewPlan", "true");
    return json<Accepted>("/books", { method: "POST", body: form });
  },
  revise: (
    bookId: string,
    fromChapter: number,
    change: { text: string } | { instruction: string },
  ) =>
    json<RevisionAccepted>(
      `/books/${encodeURIComponent(bookId)}/revisions`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ fromChapter, ...change, requestedBy: "studio" }),
      },
    ),
  /** Approves the plan of a book held for its review, edited or not: it is written from it. */
  approvePlan: (bookId: string, plan: Plan) =>
    json<PlanAccepted>(`/books/${encodeURIComponent(bookId)}/plan`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(plan),
    }),
  /** The SSE address; EventSource cannot send headers, so the token travels as ?token=. */
  eventsUrl: (bookId: string) => {
    const token = storedToken();
    return (
      `/books/${encodeURIComponent(bookId)}/events` +
      (token ? `?token=${encodeURIComponent(token)}` : "")
    );
  },
  /** An image of the API (a chapter's illustration), fetched with the token. */
  image: (path: string) => request(path).then((r) => r.blob()),
  markdownUrl: (bookId: string, revision?: number) =>
    `/books/${encodeURIComponent(bookId)}.md` + (revision ? `?revision=${revision}` : ""),
  epubUrl: (bookId: string, revision?: number) =>
    `/books/${encodeURIComponent(bookId)}.epub` + (revision ? `?revision=${revision}` : ""),
};

/**
 * Downloads a finished book's file through the API with the token, for a page whose plain link
 * would be refused (a browser sends no Authorization header on a link). The file keeps the name
 * the API gives it.
 */
export async function download(path: string): Promise<void> {
  const response = await request(path);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const named = /filename="?([^";]+)"?/.exec(disposition);
  const name = named ? named[1] : (path.split("/").pop() ?? "book").split("?")[0];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken the file once click() returns; the next tick frees the blob.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** An error a form shows: its message, and the field the API named when it named one. */
export type FormError = { message: string; field?: string };

/** What a form shows for a failed call: the message, and the API's field, if any. */
export function formErrorOf(error: unknown): FormError {
  return {
    message: messageOf(error),
    field: error instanceof ApiError ? error.field : undefined,
  };
}
