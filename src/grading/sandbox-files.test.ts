/**
 * Issue 6 containment, grading side: file checks and exercise setup files go
 * through the same sandbox file system as the learner's shell.
 */
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseExercise } from "./exercise.js";
import { evaluateCheck } from "./checks/index.js";
import { writeWorkspaceFiles } from "./grader.js";
import { createWorld } from "../sim/world/create.js";

const CONFIGMAP = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  secret: host\n`;

function setup() {
  const base = mkdtempSync(join(tmpdir(), "kadet-contain-"));
  const cwd = join(base, "work");
  const outside = join(base, "outside");
  mkdirSync(cwd);
  mkdirSync(outside);
  writeFileSync(join(outside, "leak.yaml"), CONFIGMAP("leak"));
  writeFileSync(join(base, "up.yaml"), CONFIGMAP("up"));
  return { base, cwd, outside };
}

describe("grading containment", () => {
  it("file checks and setup files go through the same sandbox", async () => {
    const { cwd, outside } = setup();
    symlinkSync(join(outside, "leak.yaml"), join(cwd, "linked.yaml"));
    const text = (path: string) =>
      `formatVersion: 1\nid: t\ntitle: t\ntopics: [pods]\ndifficulty: easy\nminutes: 1\npoints: 10\ntask: t\nchecks:\n  - id: c\n    description: d\n    file: { path: "${path}", contains: secret }\nsolution: {}\nexplanation: x\n`;
    const ctx = { world: createWorld("default"), history: [], workdir: cwd, runOnCopy: async () => ({ stdout: "", stderr: "", exitCode: 0 }) };
    // The loader already refuses paths that are absolute or climb out; a symbolic link is found only when read.
    for (const path of ["/etc/passwd", "../up.yaml"]) expect(parseExercise(text(path), "t.yaml").ok, path).toBe(false);
    const linked = parseExercise(text("linked.yaml"), "t.yaml");
    if (!linked.ok) throw new Error(JSON.stringify(linked));
    // The file outside does contain "secret": only containment makes this check fail.
    expect(await evaluateCheck(linked.exercise.checks[0]!, ctx)).toMatchObject({ status: "fail", observed: "(no such file)" });
    await writeWorkspaceFiles(cwd, [{ path: "../escaped.yaml", content: "x" }], true);
    expect(existsSync(resolve(cwd, "../escaped.yaml"))).toBe(false);
  });
});
