/**
 * kadet sandbox's script mode (issue 7): output printed on each stream in the order written,
 * and `set -e`, `set -u` and `set -o pipefail` in script mode, as bash(1) documents
 * them under "set": -e exits on a failing pipeline except one that is part of an `if`
 * condition, of a `&&`/`||` list before its last command, or negated with `!`; -u treats an
 * unset variable as an error ("bash: NAME: unbound variable") and a non-interactive shell
 * exits; pipefail makes a pipeline fail when any of its commands does. The options last
 * from the line that sets them to the end of the script, and `exit` ends the script too.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../shell/session.js";
import { failure, ok, type CommandFamily } from "../shell/types.js";
import { runScript } from "./sandbox.js";

const kubectl: CommandFamily = {
  name: "kubectl",
  run: (args) => (args.includes("pods/nope") ? failure('Error from server (NotFound): pods "nope" not found') : ok("pod/web\n")),
};

const session = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-errexit-")), families: [kubectl] });

/** One script on the shared session; the options it set are turned off after it, as a new shell would start. */
async function script(text: string) {
  let printed = "";
  const status = await runScript(session, text, (_stream, chunk) => (printed += chunk));
  await session.run("set +e +u +o pipefail; true");
  return { printed, status };
}

describe("script mode output", () => {
  it("prints each chunk on its stream in the order written", async () => {
    const printed: string[] = [];
    const status = await runScript(session, "kubectl get pods/nope; echo after\necho last >&2", (stream, text) => printed.push(`${stream}:${text}`));
    expect(printed).toEqual(['stderr:Error from server (NotFound): pods "nope" not found\n', "stdout:after\n", "stderr:last\n"]);
    expect(status).toBe(0);
  });
});

describe("set -e in script mode", () => {
  it("stops the script at the first failing command, with its status", async () => {
    expect(await script("set -e\necho one\nkubectl get pods/nope\necho never")).toEqual({
      printed: 'one\nError from server (NotFound): pods "nope" not found\n',
      status: 1,
    });
    expect(await script("set -e; echo one; false; echo never\necho never")).toEqual({ printed: "one\n", status: 1 });
  });

  it("does not stop for an if condition, a non-final && or || part, or a negated command", async () => {
    const r = await script("set -e\nif false; then echo no; fi\nfalse && echo no\nfalse || echo recovered\n! true\nkubectl get pods/nope || true\necho reached");
    expect(r).toEqual({ printed: 'recovered\nError from server (NotFound): pods "nope" not found\nreached\n', status: 0 });
  });

  it("set +e turns it off again", async () => {
    expect(await script("set -e\nset +e\nfalse\necho still")).toEqual({ printed: "still\n", status: 0 });
  });
});

describe("set -u and set -o pipefail", () => {
  it("set -u: an unset variable stops the script with bash's words", async () => {
    expect(await script("set -u\necho \"$NOPE\"\necho never")).toEqual({ printed: "bash: NOPE: unbound variable\n", status: 1 });
  });

  it("pipefail: a pipeline fails when any part fails, and with set -e stops the script", async () => {
    expect((await script("false | true\necho $?\nset -o pipefail\nfalse | true\necho $?")).printed).toBe("0\n1\n");
    // (Inside one pipeline the error comes after wc's count: see line-runner.ts.)
    expect(await script("set -eo pipefail\nkubectl get pods/nope | wc -l\necho never")).toEqual({ printed: '0\nError from server (NotFound): pods "nope" not found\n', status: 1 });
  });
});

describe("exit", () => {
  it("ends the script with its status", async () => {
    expect(await script("echo a\nexit 3\necho b")).toEqual({ printed: "a\n", status: 3 });
    expect(await script("[ -f nofile ] || { echo missing; exit 2; }\necho b")).toEqual({ printed: "missing\n", status: 2 });
  });
});
