// less and more print the file or what is piped in, as they do when not paging (issue 7),
// with nothing added; a missing file gets the pager's own words.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";

const cwd = mkdtempSync(join(tmpdir(), "kadet-pager-"));
writeFileSync(join(cwd, "pod.yaml"), "kind: Pod\nmetadata:\n  name: web\n");
const s = new Session({ cwd, families: [] });

describe("less and more", () => {
  it("print a file whole, options ignored", async () => {
    expect(await s.run("less pod.yaml")).toMatchObject({ stdout: "kind: Pod\nmetadata:\n  name: web\n", stderr: "", exitCode: 0 });
    expect((await s.run("more pod.yaml")).stdout).toBe("kind: Pod\nmetadata:\n  name: web\n");
    expect((await s.run("less -R +G pod.yaml")).stdout).toBe("kind: Pod\nmetadata:\n  name: web\n");
  });

  it("print what is piped in", async () => {
    expect((await s.run("grep name pod.yaml | less")).stdout).toBe("  name: web\n");
    expect((await s.run("cat pod.yaml | more | wc -l")).stdout.trim()).toBe("3");
  });

  it("say a missing file is missing, in each pager's words", async () => {
    expect(await s.run("less nope.yaml")).toMatchObject({ stdout: "", stderr: "nope.yaml: No such file or directory\n", exitCode: 1 });
    expect(await s.run("more nope.yaml")).toMatchObject({ stderr: "more: cannot open nope.yaml: No such file or directory\n", exitCode: 1 });
  });
});
