import { describe, expect, it } from "vitest";
import { nextStep } from "./nextStep.js";

describe("nextStep (rustlings' next)", () => {
  const order = ["a", "b", "c", "d"];
  it("offers the next unpassed exercise after this one in the syllabus", () => {
    expect(nextStep("b", order, (id) => id === "c", [])).toEqual({ exerciseId: "d", why: "next in the syllabus" });
  });
  it("wraps round to unpassed exercises before this one", () => {
    expect(nextStep("c", order, (id) => id !== "a", [])).toEqual({ exerciseId: "a", why: "next in the syllabus" });
  });
  it("offers the first due review once every exercise is passed, never the one just done", () => {
    expect(nextStep("b", order, () => true, ["b", "d"])).toEqual({ exerciseId: "d", why: "due for review" });
    expect(nextStep("b", order, () => true, ["b"])).toBeUndefined();
  });
});
