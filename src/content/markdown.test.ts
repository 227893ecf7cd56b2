// Markdown for the terminal. Block rules follow the CommonMark spec 0.31.2
// (https://spec.commonmark.org/0.31.2/), restricted to what docs/content-format allows.
import { describe, expect, it } from "vitest";
import { clipLine, CUT_LEFT, CUT_RIGHT, hardWrap, isWideBlockRow, linesToText, maxSidewaysOffset, parseInline, renderMarkdown, wrapSegments } from "./markdown.js";

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

  it("wraps every prose row to the width, and with wideBlocks: wrap every code row too", () => {
    const long = "word ".repeat(60) + "`" + "x".repeat(100) + "`";
    for (const width of [20, 40, 80]) {
      const lines = renderMarkdown(long + "\n\n```\n" + "y".repeat(200) + "\n```", width);
      for (const line of lines.filter((l) => !isWideBlockRow(l))) expect(linesToText([line])[0]!.length).toBeLessThanOrEqual(width);
      for (const row of linesToText(renderMarkdown(long + "\n\n```\n" + "y".repeat(200) + "\n```", width, { wideBlocks: "wrap" }))) {
        expect(row.length).toBeLessThanOrEqual(width);
      }
    }
  });

  it("keeps a code line whole instead of breaking it mid-word (issue 7: code never wraps at 80 columns)", () => {
    const yaml = "    command: ['sh', '-c', 'echo The app is running! && sleep 3600 && echo done with a long line']";
    const lines = renderMarkdown("```yaml\n" + yaml + "\n```", 80);
    expect(linesToText(lines)).toEqual(["  " + yaml]);
    expect(isWideBlockRow(lines[0]!)).toBe(true);
  });

  it("renders a GFM table (spec §4.10) as aligned columns under a rule, inline markup rendered", () => {
    const source = "| Flag | Meaning | Count |\n| --- | :---: | ---: |\n| `-n` | the **namespace** | 1 |\n| `--all-namespaces` | every namespace | 12 |";
    const lines = renderMarkdown(source, 80);
    expect(linesToText(lines)).toEqual([
      "  Flag             │     Meaning     │ Count",
      "  ─────────────────┼─────────────────┼──────",
      "  -n               │  the namespace  │     1",
      "  --all-namespaces │ every namespace │    12",
    ]);
    expect(lines.every(isWideBlockRow)).toBe(true);
    expect(lines[0]!.find((s) => s.text === "Flag")?.style).toBe("bold");
    expect(lines[2]!.find((s) => s.text === "-n")?.style).toBe("code");
    expect(lines[2]!.find((s) => s.text === "namespace")?.style).toBe("bold");
  });

  it("reads a table row with missing or escaped cells as GFM does (missing = empty, \\| = a pipe)", () => {
    const text = linesToText(renderMarkdown("a | b\n-|-\nx \\| y\n", 80));
    expect(text).toEqual(["  a     │ b", "  ──────┼──", "  x | y │"]);
  });

  it("leaves a paragraph that merely contains a pipe alone", () => {
    expect(linesToText(renderMarkdown("use a | b here\n\nthen more", 80))).toEqual(["use a | b here", "", "then more"]);
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

  it("renders a code span inside strong emphasis as code, without its backticks (CommonMark §6.2, example 'foo **`bar`**')", () => {
    expect(parseInline("keys under **`data`**:")).toEqual([
      { text: "keys under ", style: "plain" },
      { text: "data", style: "code" },
      { text: ":", style: "plain" },
    ]);
    expect(parseInline("**very `x` bold**")).toEqual([
      { text: "very ", style: "bold" },
      { text: "x", style: "code" },
      { text: " bold", style: "bold" },
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

describe("clipLine", () => {
  const row = [
    { text: "  ", style: "codeBlock" as const },
    { text: "abcdefghij", style: "code" as const },
  ];
  it("returns a row that fits as it is", () => {
    expect(clipLine(row, 12)).toBe(row);
  });
  it("cuts a wide row with a visible marker in its last column, keeping styles", () => {
    expect(clipLine(row, 6)).toEqual([
      { text: "  ", style: "codeBlock" },
      { text: "abc", style: "code" },
      { text: CUT_RIGHT, style: "muted" },
    ]);
  });
  it("scrolled sideways, marks the hidden start too, and the end once it is in sight", () => {
    expect(linesToText([clipLine(row, 6, 3)])).toEqual([`${CUT_LEFT}cdef${CUT_RIGHT}`]);
    expect(linesToText([clipLine(row, 6, 6)])).toEqual([`${CUT_LEFT}fghij`]);
  });
  it("maxSidewaysOffset stops where the widest block row's end is in sight", () => {
    expect(maxSidewaysOffset([row], 6)).toBe(6);
    expect(maxSidewaysOffset([row], 12)).toBe(0);
    // Prose is wrapped already and never scrolls.
    expect(maxSidewaysOffset([[{ text: "x".repeat(40), style: "plain" }]], 6)).toBe(0);
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
