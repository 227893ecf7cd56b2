// The lesson reader at 80 columns: code blocks and tables are never broken mid-word (issue 7,
// "The screens around the terminal"): a wide row is cut with a visible marker and ← → scroll
// the blocks sideways while the prose stays put.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "ink-testing-library";
import { CUT_LEFT, CUT_RIGHT } from "./markdown.js";
import { LessonReader } from "./LessonReader.js";
import type { LessonEntry } from "./ports.js";
import { KEYS, press, settleKeys, waitFor, waitForScreen } from "./testSupport.js";

afterEach(() => cleanup());

const EVENT = "Warning  Failed     15s (x2 over 35s)  kubelet  Failed to pull image \"ngnix:1.27\": pull access denied, repository does not exist";
const LESSON: LessonEntry = {
  id: "wide",
  title: "Wide rows",
  topic: "troubleshooting",
  order: 1,
  exercises: [],
  body: [
    "The events say why the pull failed, in a sentence long enough to wrap at eighty columns of the reader.",
    "",
    "```",
    EVENT,
    "```",
    "",
    "| Reason | Meaning of the reason, explained at length so that the table is wider than the screen |",
    "| --- | --- |",
    "| `ErrImagePull` | the kubelet could not pull the image from the registry it was told to use |",
  ].join("\n"),
};

describe("LessonReader", () => {
  it("cuts wide code and table rows with a marker instead of wrapping them, and scrolls them sideways", async () => {
    const read: string[] = [];
    const { stdin, lastFrame } = render(<LessonReader lesson={LESSON} width={80} height={24} active onRead={(id) => read.push(id)} onBack={() => undefined} />);
    await waitForScreen({ lastFrame }, "Wide rows");
    const rows = lastFrame()!.split("\n");
    const codeRow = rows.find((r) => r.includes("Warning  Failed"))!;
    expect(codeRow.trimEnd().endsWith(CUT_RIGHT)).toBe(true);
    expect(codeRow.length).toBeLessThanOrEqual(80);
    // The row was not wrapped: no later row carries the rest of the event.
    expect(lastFrame()).not.toContain("repository does not exist");
    expect(rows.find((r) => r.includes("ErrImagePull"))!.trimEnd().endsWith(CUT_RIGHT)).toBe(true);
    // Prose still wraps at word boundaries.
    expect(lastFrame()).toMatch(/long enough to wrap at\s*\n\s*eighty columns|long enough to wrap at eighty\s*\n\s*columns/);
    expect(read).toEqual(["wide"]);

    await settleKeys();
    await press(stdin, ...Array.from({ length: 12 }, () => KEYS.right));
    await waitFor(() => expect(lastFrame()).toContain("repository does not exist"));
    const scrolled = lastFrame()!.split("\n").find((r) => r.includes("repository does not exist"))!;
    expect(scrolled.trimStart().slice(0, 1)).toBe(CUT_LEFT);
    // The prose did not move.
    expect(lastFrame()).toContain("The events say why the pull failed");
    await press(stdin, ...Array.from({ length: 20 }, () => KEYS.left));
    await waitFor(() => expect(lastFrame()).not.toContain(CUT_LEFT));
  });
});
