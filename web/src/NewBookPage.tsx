import { Fragment, useEffect, useState, type DragEvent, type FormEvent } from "react";
import { added, albumProblem, MAX_PICTURES, moved, removed } from "./album";
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
  const [images, setImages] = useState<File[]>([]);
  const [previews, setPreviews] = useState<string[]>([]);
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
    const urls = images.map((image) => URL.createObjectURL(image));
    setPreviews(urls);
    return () => urls.forEach((url) => URL.revokeObjectURL(url));
  }, [images]);

  const pick = (files: FileList | undefined | null) => {
    if (!files || files.length === 0) return;
    setImages(added(images, Array.from(files)));
    setError(null);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = albumProblem(images.length, chapters);
    if (problem) {
      setError({ message: problem, field: "image" });
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
        images,
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
      <h1 id="new-title">A new book from a picture (or an album)</h1>
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
          <label htmlFor="image">Pictures (choose files or drop them here)</label>
          <input
            id="image"
            name="image"
            type="file"
            accept="image/*"
            multiple
            aria-describedby="image-help"
            aria-invalid={error?.field === "image" || undefined}
            onChange={(e) => {
              pick(e.target.files);
              e.target.value = "";
            }}
          />
          <p id="image-help" className="muted">
            PNG, JPEG, WebP, GIF, BMP or TIFF. Several pictures (up to {MAX_PICTURES}) make an
            album: the story runs through them in this order.
          </p>
          {images.length > 0 && (
            <ol className="album" aria-label="The pictures, in the story's order">
              {images.map((image, i) => (
                <li key={`${i}-${image.name}`} data-testid="album-picture">
                  {previews[i] && (
                    <img
                      className="preview"
                      src={previews[i]}
                      alt={`Picture ${i + 1} of ${images.length}: ${image.name}`}
                    />
                  )}
                  {images.length > 1 && (
                    <span className="album-actions">
                      <button
                        type="button"
                        disabled={i === 0}
                        aria-label={`Move picture ${i + 1} earlier`}
                        onClick={() => setImages(moved(images, i, i - 1))}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        disabled={i === images.length - 1}
                        aria-label={`Move picture ${i + 1} later`}
                        onClick={() => setImages(moved(images, i, i + 1))}
                      >
                        ↓
                      </button>
                    </span>
                  )}
                  <button
                    type="button"
                    aria-label={`Remove picture ${i + 1}`}
                    onClick={() => setImages(removed(images, i))}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ol>
          )}
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
