import { describe, expect, it } from "vitest";
import { added, albumProblem, MAX_PICTURES, moved, removed } from "./album";

describe("the album's order", () => {
  const album = ["beach.jpg", "cave.jpg", "cliff.jpg"];

  it("keeps new pictures after the ones chosen, in the order given, up to the most", () => {
    expect(added(album, ["boat.jpg", "home.jpg"])).toEqual([
      "beach.jpg",
      "cave.jpg",
      "cliff.jpg",
      "boat.jpg",
      "home.jpg",
    ]);
    const many = Array.from({ length: 20 }, (_, i) => `p${i}.jpg`);
    expect(added([], many)).toHaveLength(MAX_PICTURES);
    expect(added([], many)[0]).toBe("p0.jpg");
  });

  it("moves a picture earlier or later, and stays put at either end", () => {
    expect(moved(album, 2, 1)).toEqual(["beach.jpg", "cliff.jpg", "cave.jpg"]);
    expect(moved(album, 0, 1)).toEqual(["cave.jpg", "beach.jpg", "cliff.jpg"]);
    expect(moved(album, 0, -1)).toEqual(album);
    expect(moved(album, 2, 3)).toEqual(album);
    expect(moved(album, 0, 2)).toEqual(["cave.jpg", "cliff.jpg", "beach.jpg"]);
  });

  it("removes one picture and keeps the others in order", () => {
    expect(removed(album, 1)).toEqual(["beach.jpg", "cliff.jpg"]);
  });

  it("never changes the list it was given", () => {
    const before = [...album];
    moved(album, 0, 2);
    removed(album, 0);
    added(album, ["x.jpg"]);
    expect(album).toEqual(before);
  });

  it("refuses no picture, too many, and more pictures than chapters", () => {
    expect(albumProblem(0, 5)).toBe("Choose a picture first.");
    expect(albumProblem(13, 20)).toContain("at most 12 pictures");
    expect(albumProblem(3, 2)).toContain("at least 3 chapters");
    expect(albumProblem(3, 3)).toBeNull();
  });
});
