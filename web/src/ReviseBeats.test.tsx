import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { planWaitingForReview } from "./contract/responses";
import { beatsFrom, changedBeats, NewBeats } from "./ReviseBeats";

const plan = planWaitingForReview.plan.beats;

describe("a revision's new beats", () => {
  it("start as the plan's beats of the chapters from the revised one on, blank where it has none", () => {
    const beats = beatsFrom(plan, 2, 4);

    expect(beats.map((b) => b.chapter)).toEqual([2, 3, 4]);
    // Its words only: a revision keeps each chapter's picture, and the API refuses one in a beat.
    const planned = plan.find((b) => b.chapter === 2)!;
    expect(beats[0]).toEqual({ chapter: 2, beat: planned.beat, ending: planned.ending });
    expect(beats[2]).toEqual({ chapter: 4, beat: "", ending: "" });
  });

  it("send only the beats a person changed, trimmed", () => {
    const beats = beatsFrom(plan, 1, 4);
    beats[1] = { ...beats[1], beat: "  She knocks the basket over ", ending: "" };
    beats[3] = { ...beats[3], beat: "The fish is hers" };

    expect(changedBeats(plan, beats)).toEqual([
      { chapter: 2, beat: "She knocks the basket over", ending: "" },
      { chapter: 4, beat: "The fish is hers", ending: "" },
    ]);
    expect(changedBeats(plan, beatsFrom(plan, 1, 4))).toEqual([]);
    expect(changedBeats(undefined, beatsFrom(undefined, 3, 4))).toEqual([]);
  });

  it("are shown as a beat and an ending to edit per chapter", () => {
    const html = renderToStaticMarkup(<NewBeats beats={beatsFrom(plan, 2, 3)} onChange={() => {}} />);

    expect(html.match(/<textarea id="new-beat-\d"/g)).toEqual([
      '<textarea id="new-beat-2"',
      '<textarea id="new-beat-3"',
    ]);
    expect(html).toContain(">She climbs the yarn basket</textarea>");
  });
});
