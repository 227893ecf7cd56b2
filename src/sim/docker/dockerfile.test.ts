import { describe, expect, it } from "vitest";
import { parseDockerfile, printSourceExcerpt } from "./dockerfile.js";

describe("parseDockerfile", () => {
  it("splits stages at FROM, keeps AS names, flags, exec form and pre-FROM ARGs", () => {
    const result = parseDockerfile('ARG V=20\nFROM node:${V} AS Build\nCOPY --from=base a b\nCMD ["node", "a b.js"]\nFROM scratch\nRUN echo \\\n  hi\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { metaArgs, stages } = result.dockerfile;
    expect(metaArgs.map((a) => a.args)).toEqual(["V=20"]);
    expect(stages.map((s) => [s.name, s.baseName])).toEqual([["build", "node:${V}"], ["", "scratch"]]);
    expect(stages[0]!.instructions[0]).toMatchObject({ name: "COPY", flags: { from: "base" }, args: "a b" });
    expect(stages[0]!.instructions[1]!.json).toEqual(["node", "a b.js"]);
    // Continuation lines join without the backslash and newline, the indent kept (BuildKit's parser).
    expect(stages[1]!.instructions[0]).toMatchObject({ args: "echo   hi", startLine: 6, endLine: 7 });
  });

  it("a shell-form CMD that only looks like JSON stays shell form (Dockerfile reference, exec form)", () => {
    const result = parseDockerfile("FROM alpine\nCMD [echo, hi]\n");
    expect(result.ok && result.dockerfile.stages[0]!.instructions[0]!.json).toBeUndefined();
  });

  // Wording as BuildKit's frontend prints it (pulumi-docker-build's test against a real
  // BuildKit expects "unknown instruction: RUNN (did you mean RUN?)").
  it("an unknown instruction is a parse error on its line, with BuildKit's suggestion", () => {
    expect(parseDockerfile("FROM alpine\nWORKDIR /app\nRUNN echo hi\n")).toEqual({
      ok: false,
      error: { message: "dockerfile parse error on line 3: unknown instruction: RUNN (did you mean RUN?)", startLine: 3, endLine: 3 },
    });
  });

  it("an instruction far from any known one gets no suggestion", () => {
    const result = parseDockerfile("FROM alpine\nBANANA split\n");
    expect(!result.ok && result.error.message).toBe("dockerfile parse error on line 2: unknown instruction: BANANA");
  });

  it("an instruction before the first FROM (other than ARG) has no stage to go to", () => {
    const result = parseDockerfile("WORKDIR /app\nFROM alpine\n");
    expect(!result.ok && result.error.message).toBe("dockerfile parse error on line 1: no build stage in current context");
  });

  it("an empty Dockerfile is refused as BuildKit refuses it", () => {
    expect(parseDockerfile("")).toMatchObject({ ok: false, error: { message: "the Dockerfile cannot be empty" } });
  });
});

// solver/errdefs/source.go Source.Print: " %3d | %s %s" rows, >>> on the failing line,
// four lines of context around a one-line range.
describe("printSourceExcerpt", () => {
  it("pads a one-line error with the lines around it", () => {
    const text = "FROM alpine\nWORKDIR /app\nRUNN echo hi\nCOPY . .\n";
    expect(printSourceExcerpt("Dockerfile", text, 3, 3)).toBe(
      [
        "Dockerfile:3",
        "--------------------",
        "   1 |     FROM alpine",
        "   2 |     WORKDIR /app",
        "   3 | >>> RUNN echo hi",
        "   4 |     COPY . .",
        "   5 |     ",
        "--------------------",
        "",
      ].join("\n"),
    );
  });
});
