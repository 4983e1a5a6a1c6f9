import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { changedIn } from "./bookView";
import { revisedAndCompleted, writing } from "./contract/responses";
import { Validation } from "./Validation";

const chapter = writing.chapters[0];
const conflicts = writing.analysis.potentialConflicts;

describe("Validation, on a real response", () => {
  it("shows each of the judge's notes as its own item", () => {
    const html = renderToStaticMarkup(<Validation chapter={chapter} conflicts={conflicts} />);

    expect(html).toContain("<li>the first draft was too short</li>");
    expect(html).toContain("<li>the cat is named at last</li>");
  });

  it("names the conflicts advanced, and says the same facts in the chapter list, notes aside", () => {
    const card = renderToStaticMarkup(<Validation chapter={chapter} conflicts={conflicts} />);
    const line = renderToStaticMarkup(
      <Validation chapter={chapter} conflicts={conflicts} compact />,
    );
    const facts = (html: string) =>
      [...html.matchAll(/<dt>([^<]*)<\/dt><dd>([^<]*)<\/dd>/g)].map((m) => `${m[1]}: ${m[2]}`);

    expect(facts(card)).toEqual([
      "Mood score: 0.85",
      "Conflicts advanced: 1: the cat wants the fish",
      "Attempts: 2",
      "Passed: yes",
    ]);
    expect(facts(line)).toEqual(facts(card));
    expect(line).not.toContain("the first draft was too short");
  });

  it("shows nothing for a chapter the judge did not see", () => {
    const { validation: _, ...unjudged } = chapter;
    expect(renderToStaticMarkup(<Validation chapter={unjudged} conflicts={conflicts} />)).toBe("");
  });
});

describe("changedIn, on a real response", () => {
  it("marks the chapters a revision rewrote, from its first chapter on", () => {
    const changed = changedIn(revisedAndCompleted);
    expect([1, 2].map(changed)).toEqual([false, true]);
  });

  it("marks none in a first writing", () => {
    const changed = changedIn(writing);
    expect(changed(1)).toBe(false);
  });
});
