// The verdict panel shows each check's status as content-format.md defines it: pass, fail,
// or error (the grader could not evaluate), with observed, expected and message on failure.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "ink-testing-library";
import { VerdictPanel, verdictLines } from "./VerdictPanel.js";
import { linesToText } from "./markdown.js";
import { MIXED_VERDICT, PASSING_VERDICT } from "./testSupport.js";

afterEach(() => cleanup());

describe("VerdictPanel", () => {
  it("marks pass ✓, fail ✗ and error !, with observed, expected and the reason for the failures", () => {
    const { lastFrame } = render(<VerdictPanel verdict={MIXED_VERDICT} width={80} height={12} />);
    const frame = lastFrame()!;
    expect(frame).toContain("✗ Not yet: 4/10 points, 1 of 3 checks pass");
    expect(frame).toContain("✓ Pod web exists");
    expect(frame).toContain("✗ Pod web runs nginx:1.27");
    expect(frame).toContain("observed: nginx:1.25");
    expect(frame).toContain("expected: nginx:1.27");
    expect(frame).toContain("why: the pod runs nginx:1.25");
    expect(frame).toContain("! Status is read");
    expect(frame).toContain("error: bad JSONPath {.status.");
  });

  it("shows a passing verdict with its score and the explanation", () => {
    const { lastFrame } = render(<VerdictPanel verdict={PASSING_VERDICT} width={80} height={8} explanation="`kubectl run` creates a pod." />);
    expect(lastFrame()).toContain("✓ Passed: 10/10 points");
    expect(lastFrame()).toContain("kubectl run creates a pod.");
  });

  it("does not show details for passing checks", () => {
    const text = linesToText(verdictLines({ ...PASSING_VERDICT, checks: [{ ...PASSING_VERDICT.checks[0]!, observed: "x", expected: "x" }] }, 80));
    expect(text.some((t) => t.includes("observed"))).toBe(false);
  });

  it("wraps long messages inside the width", () => {
    const long = { ...MIXED_VERDICT, checks: [{ ...MIXED_VERDICT.checks[1]!, message: "word ".repeat(50) }] };
    for (const row of linesToText(verdictLines(long, 40))) expect(row.length).toBeLessThanOrEqual(40);
  });
});
