import { useEffect, useState } from "react";
import { api, storedToken } from "./api";
import { illustrationSrc } from "./bookView";
import type { BookView, Chapter } from "./types";

function token(): string | null {
  return typeof sessionStorage === "undefined" ? null : storedToken();
}

/**
 * An image of the API as an `<img>` loads it: the path itself, or, with an API token (an `<img>`
 * sends no Authorization header), the image fetched with the token, as a blob URL freed when the
 * image goes; null while it loads, or when there is no path.
 */
export function useApiImage(path: string | undefined): string | null {
  const withToken = path !== undefined && token() !== null;
  const [blob, setBlob] = useState<string | null>(null);
  useEffect(() => {
    if (!withToken || path === undefined) return;
    let url: string | null = null;
    let gone = false;
    api
      .image(path)
      .then((data) => {
        if (gone) return;
        url = URL.createObjectURL(data);
        setBlob(url);
      })
      .catch(() => setBlob(null));
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [path, withToken]);
  return withToken ? blob : (path ?? null);
}

/** A chapter's illustration in the reader, described by its alt text. */
export function ChapterIllustration(props: { view: BookView; chapter: Chapter }) {
  const { chapter } = props;
  const src = useApiImage(illustrationSrc(props.view, chapter));
  if (!chapter.illustration || !src) return null;
  return (
    <figure className="chapter-illustration">
      <img
        src={src}
        alt={chapter.illustration.alt || `An illustration of chapter ${chapter.number}`}
        width={chapter.illustration.width || undefined}
        height={chapter.illustration.height || undefined}
      />
    </figure>
  );
}

/** A chapter's illustration, small, on its node of the graph: beside the title, decorative. */
export function Thumbnail({ src }: { src: string }) {
  const loaded = useApiImage(src);
  return loaded ? <img className="node-thumb" src={loaded} alt="" loading="lazy" /> : null;
}
