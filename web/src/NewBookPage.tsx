import { Fragment, useEffect, useState, type DragEvent, type FormEvent } from "react";
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
type NumberField = "chapters" | "arcLength" | "words";

/** The request's whole numbers: each field's label, its name in messages, and its bounds. */
const NUMBER_FIELDS: {
  field: NumberField;
  label: string;
  name: string;
  min: number;
  max: number;
  step?: number;
}[] = [
  { field: "chapters", label: "Chapters", name: "Chapters", min: 1, max: 100 },
  {
    field: "arcLength",
    label: "Arc length (chapters per arc)",
    name: "Arc length",
    min: 1,
    max: 100,
  },
  {
    field: "words",
    label: "Words per chapter",
    name: "Words per chapter",
    min: 50,
    max: 5000,
    step: 10,
  },
];

export function NewBookPage() {
  const [image, setImage] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [numbers, setNumbers] = useState<Record<NumberField, number>>({
    chapters: 5,
    arcLength: 5,
    words: 300,
  });
  const { chapters, arcLength, words } = numbers;
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
    for (const { field, name, min, max } of NUMBER_FIELDS) {
      const value = numbers[field];
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
          {NUMBER_FIELDS.map(({ field, label, min, max, step }) => (
            <Fragment key={field}>
              <label htmlFor={field}>{label}</label>
              <input
                id={field}
                name={field}
                type="number"
                min={min}
                max={max}
                step={step}
                value={numbers[field]}
                aria-invalid={error?.field === field || undefined}
                onChange={(e) => setNumbers({ ...numbers, [field]: e.target.valueAsNumber })}
              />
            </Fragment>
          ))}
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
