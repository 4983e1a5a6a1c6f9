import { useEffect, useState, type DragEvent, type FormEvent } from "react";
import { api, formErrorOf, type FormError } from "./api";
import { openBook } from "./liveBook";
import { navigate } from "./router";

const LANGUAGES: [string, string][] = [
  ["en", "English"],
  ["de", "German"],
  ["fr", "French"],
  ["es", "Spanish"],
  ["it", "Italian"],
  ["nl", "Dutch"],
  ["pt", "Portuguese"],
  ["sv", "Swedish"],
  ["pl", "Polish"],
  ["ja", "Japanese"],
  ["zh", "Chinese"],
  ["ko", "Korean"],
];

/** A picture and the shape of its book; POST /books with the contract's field names. */
export function NewBookPage() {
  const [image, setImage] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [chapters, setChapters] = useState(5);
  const [arcLength, setArcLength] = useState(5);
  const [words, setWords] = useState(300);
  const [language, setLanguage] = useState("en");
  const [reviewPlan, setReviewPlan] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);

  useEffect(() => {
    if (!image) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(image);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [image]);

  const pick = (file: File | undefined | null) => {
    if (!file) return;
    setImage(file);
    setError(null);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files[0]);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!image) {
      setError({ message: "Choose a picture first.", field: "image" });
      return;
    }
    const bounds: [string, string, number, number, number][] = [
      ["chapters", "Chapters", chapters, 1, 100],
      ["arcLength", "Arc length", arcLength, 1, 100],
      ["words", "Words per chapter", words, 50, 5000],
    ];
    for (const [field, name, value, min, max] of bounds) {
      if (!Number.isInteger(value) || value < min || value > max) {
        setError({ message: `${name} must be a whole number from ${min} to ${max}.`, field });
        document.getElementById(field)?.focus();
        return;
      }
    }
    setSending(true);
    setError(null);
    try {
      const accepted = await api.submit({
        image,
        title,
        chapters,
        arcLength,
        words,
        language,
        reviewPlan,
      });
      openBook(accepted.bookId, true);
      navigate({ page: "book", bookId: accepted.bookId, tab: "overview" });
    } catch (err) {
      setError(formErrorOf(err));
      setSending(false);
    }
  };

  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title">A new book from a picture</h1>
      <form className="new-book" onSubmit={submit} noValidate>
        <div
          className={"drop" + (dragging ? " dragging" : "")}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <label htmlFor="image">Picture (choose a file or drop one here)</label>
          <input
            id="image"
            name="image"
            type="file"
            accept="image/*"
            aria-describedby="image-help"
            aria-invalid={error?.field === "image" || undefined}
            onChange={(e) => pick(e.target.files?.[0])}
          />
          <p id="image-help" className="muted">
            PNG, JPEG, WebP, GIF, BMP or TIFF.
          </p>
          {preview && <img className="preview" src={preview} alt="The chosen picture" />}
        </div>
        <div className="fields">
          <label htmlFor="title">Title (optional)</label>
          <input
            id="title"
            name="title"
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
          />
          <label htmlFor="chapters">Chapters</label>
          <input
            id="chapters"
            name="chapters"
            type="number"
            min={1}
            max={100}
            value={chapters}
            aria-invalid={error?.field === "chapters" || undefined}
            onChange={(e) => setChapters(e.target.valueAsNumber)}
          />
          <label htmlFor="arcLength">Arc length (chapters per arc)</label>
          <input
            id="arcLength"
            name="arcLength"
            type="number"
            min={1}
            max={100}
            value={arcLength}
            aria-invalid={error?.field === "arcLength" || undefined}
            onChange={(e) => setArcLength(e.target.valueAsNumber)}
          />
          <label htmlFor="words">Words per chapter</label>
          <input
            id="words"
            name="words"
            type="number"
            min={50}
            max={5000}
            step={10}
            value={words}
            aria-invalid={error?.field === "words" || undefined}
            onChange={(e) => setWords(e.target.valueAsNumber)}
          />
          <label htmlFor="language">Language</label>
          <select
            id="language"
            name="language"
            value={language}
            onChange={(e) => setLanguage(e.target.value)}
          >
            {LANGUAGES.map(([tag, name]) => (
              <option key={tag} value={tag}>
                {name} ({tag})
              </option>
            ))}
          </select>
          <label className="check" htmlFor="reviewPlan">
            <input
              id="reviewPlan"
              name="reviewPlan"
              type="checkbox"
              checked={reviewPlan}
              onChange={(e) => setReviewPlan(e.target.checked)}
            />
            Let me review the plan before the chapters are written
          </label>
        </div>
        {error && (
          <p className="error" role="alert">
            {error.message}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={sending}>
            {sending ? "Sending…" : "Write the book"}
          </button>
        </div>
      </form>
    </section>
  );
}
