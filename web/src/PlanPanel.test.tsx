import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { planWaitingForReview } from "./contract/responses";
import { PlanPanel } from "./PlanPanel";

describe("PlanPanel, on a real response", () => {
  it("offers a book held for review as an editable beat per chapter and the approval", () => {
    const html = renderToStaticMarkup(<PlanPanel view={planWaitingForReview} live />);

    expect(html).toContain("Chelsea</strong> — a tabby cat who wants the fish");
    expect(html.match(/<textarea id="beat-\d"/g)).toEqual([
      '<textarea id="beat-0"',
      '<textarea id="beat-1"',
      '<textarea id="beat-2"',
    ]);
    expect(html).toContain(">She climbs the yarn basket</textarea>");
    expect(html).toContain('value="the basket tips"');
    expect(html).toContain(">Approve and write</button>");
  });

  it("shows an approved plan as it is written from, with nothing to approve", () => {
    const approved = {
      ...planWaitingForReview,
      stage: "WRITING" as const,
      plan: { ...planWaitingForReview.plan, approved: true },
    };
    const html = renderToStaticMarkup(<PlanPanel view={approved} live />);

    expect(html).not.toContain("<textarea");
    expect(html).not.toContain("Approve and write");
    expect(html).toContain("<strong>Main conflict:</strong> the fish on the high shelf");
    expect(html).toContain('<li value="2">She climbs the yarn basket');
  });

  it("offers no approval on an earlier revision's view", () => {
    const html = renderToStaticMarkup(<PlanPanel view={planWaitingForReview} live={false} />);
    expect(html).not.toContain("Approve and write");
  });

  it("shows nothing for a book without a plan", () => {
    const { plan: _, ...unplanned } = planWaitingForReview;
    expect(renderToStaticMarkup(<PlanPanel view={unplanned} live />)).toBe("");
  });
});
