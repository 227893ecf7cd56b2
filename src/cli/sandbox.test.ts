/**
 * `kadet sandbox` in a terminal completes with Tab as the TUI does (issue 7: completion in
 * the interactive sandbox too), through node:readline's completer: one match is inserted,
 * several complete their common prefix, and a second Tab lists them.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { Session } from "../shell/session.js";
import { readlineCompleter } from "./sandbox.js";

function terminal(session: Session) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = "";
  output.on("data", (chunk: Buffer) => (shown += chunk.toString()));
  const rl = createInterface({ input, output, terminal: true, prompt: "$ ", completer: readlineCompleter(session) });
  const lines: string[] = [];
  rl.on("line", (line) => lines.push(line));
  const type = async (text: string) => {
    input.write(text);
    await new Promise((resolve) => setTimeout(resolve, 150));
  };
  return { rl, lines, type, shown: () => shown };
}

describe("kadet sandbox's interactive completion", () => {
  it("inserts the one match with its space, from the live model", async () => {
    const session = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-sbx-")) });
    await session.run("kubectl run web-7f9c --image=nginx");
    const t = terminal(session);
    await t.type("kubectl get po we\t");
    await t.type("-o name\r");
    expect(t.lines).toEqual(["kubectl get po web-7f9c -o name"]);
    t.rl.close();
  });

  it("completes a common prefix, lists the candidates on a second Tab, for docker too", async () => {
    const session = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-sbx-")) });
    const t = terminal(session);
    await t.type("docker volume \t");
    expect(t.shown()).not.toContain("inspect");
    await t.type("\t");
    for (const sub of ["create", "inspect", "ls", "prune", "rm"]) expect(t.shown()).toContain(sub);
    await t.type("pr");
    await t.type("\t");
    await t.type("\r");
    expect(t.lines).toEqual(["docker volume prune "]);
    t.rl.close();
  });
});
