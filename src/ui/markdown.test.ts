// Markdown for the terminal. Block rules follow the CommonMark spec 0.31.2
// (https://spec.commonmark.org/0.31.2/), restricted to what docs/content-format allows.
import { describe, expect, it } from "vitest";
import { hardWrap, linesToText, parseInline, renderMarkdown, wrapSegments } from "./markdown.js";

const LESSON = `# Pods, the smallest unit

A **pod** groups containers that share a network namespace. Run one with \`kubectl run\`:

\`\`\`sh
kubectl run web --image=nginx:1.27
pod/web created
\`\`\`

- one IP per pod
- containers share \`localhost\`
  and volumes

1. create
2. inspect

> A common claim is that a pod is a container; in fact it is a group of them.

## Try it
`;

describe("renderMarkdown", () => {
  it("renders headings, code blocks, lists and quotes as styled rows", () => {
    const lines = renderMarkdown(LESSON, 80);
    const text = linesToText(lines);
    expect(text[0]).toBe("Pods, the smallest unit");
    expect(lines[0]![0]!.style).toBe("title");
    expect(text).toContain("  kubectl run web --image=nginx:1.27");
    const codeRow = lines.find((l) => l[0]?.text === "  pod/web created");
    expect(codeRow?.[0]?.style).toBe("codeBlock");
    expect(text).toContain("• one IP per pod");
    // CommonMark §5.2: a paragraph continuation line is part of the list item ("lazy").
    expect(text).toContain("• containers share localhost and volumes");
    expect(text).toContain("1. create");
    expect(text.some((t) => t.startsWith("│ A common claim"))).toBe(true);
    const heading2 = lines.find((l) => l[0]?.text === "Try it");
    expect(heading2?.[0]?.style).toBe("heading");
  });

  it("wraps every row to the width", () => {
    const long = "word ".repeat(60) + "`" + "x".repeat(100) + "`";
    for (const width of [20, 40, 80]) {
      for (const row of linesToText(renderMarkdown(long + "\n\n```\n" + "y".repeat(200) + "\n```", width))) {
        expect(row.length).toBeLessThanOrEqual(width);
      }
    }
  });

  it("keeps a fenced block open to the end of the document when it is never closed (CommonMark §4.5)", () => {
    const text = linesToText(renderMarkdown("```yaml\nkind: Pod\n", 40));
    expect(text).toEqual(["  kind: Pod"]);
  });

  it("separates blocks by exactly one blank row", () => {
    const text = linesToText(renderMarkdown("para one\n\n\n\npara two", 40));
    expect(text).toEqual(["para one", "", "para two"]);
  });
});

describe("parseInline", () => {
  it("treats backtick code spans literally, so markup inside them stays text (CommonMark §6.1)", () => {
    expect(parseInline("run `**not bold**` then **bold**")).toEqual([
      { text: "run ", style: "plain" },
      { text: "**not bold**", style: "code" },
      { text: " then ", style: "plain" },
      { text: "bold", style: "bold" },
    ]);
  });

  it("shows a link's text and its address", () => {
    expect(parseInline("[docs](https://kubernetes.io)")).toEqual([
      { text: "docs", style: "plain" },
      { text: " (https://kubernetes.io)", style: "muted" },
    ]);
  });

  it("does not take snake_case words for emphasis (CommonMark §6.2 intraword underscores)", () => {
    expect(parseInline("max_surge and max_unavailable")).toEqual([{ text: "max_surge and max_unavailable", style: "plain" }]);
  });
});

describe("wrapping helpers", () => {
  it("wrapSegments keeps styles across line breaks", () => {
    const rows = wrapSegments([{ text: "aaa bbb ccc", style: "bold" }], 7);
    expect(rows).toEqual([[{ text: "aaa bbb", style: "bold" }], [{ text: "ccc", style: "bold" }]]);
  });

  it("hardWrap splits long lines into width-sized pieces", () => {
    expect(hardWrap("abcdefg", 3)).toEqual(["abc", "def", "g"]);
    expect(hardWrap("", 3)).toEqual([""]);
  });
});
