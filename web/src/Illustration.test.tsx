import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it } from "vitest";
import { ChapterPage } from "./ChapterPage";
import { revisedAndCompleted, writing } from "./contract/responses";
import { narrativeGraph } from "./graph";
import { Thumbnail } from "./Illustration";

// revisedAndCompleted is an album's book at revision 2: chapter 1 (kept from revision 1) from
// picture 1 and illustrated, chapter 2 from picture 2, its drawing failed.
const PATH = "/books/b-done/chapters/1/illustration";

function read(chapter: number): string {
  return renderToStaticMarkup(
    <ChapterPage view={revisedAndCompleted} live={revisedAndCompleted} chapter={chapter} />,
  );
}

describe("the reader, on a real response", () => {
  it("shows a chapter's illustration with its alt text, pinned to the revision shown", () => {
    const html = read(1);

    expect(html).toContain(
      `<img src="${PATH}?revision=2" alt="The cat on the high shelf in chapter 1" width="64" height="48"/>`,
    );
    expect(html).toContain('<p class="muted picture-place">From picture 1</p>');
  });

  it("shows no picture for a chapter without one, and the album's picture it grows from", () => {
    const html = read(2);

    expect(html).not.toContain("<img");
    expect(html).toContain('<p class="muted picture-place">From picture 2</p>');
  });

  it("names no picture for a book of one picture", () => {
    const html = renderToStaticMarkup(<ChapterPage view={writing} live={writing} chapter={1} />);

    expect(html).not.toContain("From picture");
    expect(html).not.toContain("<img");
  });
});

describe("the graph's chapter nodes", () => {
  it("carry their chapter's illustration as a thumbnail and the album's picture", () => {
    const nodes = narrativeGraph(revisedAndCompleted).nodes;
    const chapter = (n: number) => nodes.find((node) => node.id === `chapter-${n}`)!.data;

    expect(chapter(1).thumbnail).toBe(`${PATH}?revision=2`);
    expect(chapter(2).thumbnail).toBeUndefined();
    expect(chapter(2).detail).toContain("from picture 2");
    expect(renderToStaticMarkup(<Thumbnail src={`${PATH}?revision=2`} />)).toBe(
      `<img class="node-thumb" src="${PATH}?revision=2" alt="" loading="lazy"/>`,
    );
  });
});

describe("with an API token", () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, "sessionStorage");
  afterEach(() => {
    if (saved) Object.defineProperty(globalThis, "sessionStorage", saved);
    else delete (globalThis as { sessionStorage?: Storage }).sessionStorage;
  });

  it("never points an image at the API without the token: it waits for the fetched bytes", () => {
    const store = new Map([["fablestream.token", "t0ken"]]);
    Object.defineProperty(globalThis, "sessionStorage", {
      configurable: true,
      value: { getItem: (key: string) => store.get(key) ?? null },
    });

    expect(renderToStaticMarkup(<Thumbnail src={`${PATH}?revision=2`} />)).toBe("");
    expect(read(1)).not.toContain("<img");
  });
});
