import { describe, expect, it } from "vitest";
import { resolveDockerCommand, resolveKubernetesCommand, shellForm, type ConfigCommand } from "./command.js";

// The table of https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact:
// rows are CMD, columns ENTRYPOINT; "error" is "error, not allowed".
const NO: ConfigCommand = null;
const ENTRY_SHELL = shellForm("exec_entry p1_entry");
const ENTRY_EXEC = ["exec_entry", "p1_entry"];
const CMD_EXEC = ["exec_cmd", "p1_cmd"];
const CMD_SHELL = shellForm("exec_cmd p1_cmd");
// Each row: the table's cell (what runs) and the Path + Args the daemon stores (ENTRYPOINT then CMD,
// concatenated: `docker inspect` shows the CMD words after a shell-form entrypoint even though sh ignores them).
const DOCKER_TABLE: [string, ConfigCommand, ConfigCommand, string[] | "error", string[]?][] = [
  ["No CMD / No ENTRYPOINT", NO, NO, "error"],
  ["No CMD / ENTRYPOINT exec_entry p1_entry", NO, ENTRY_SHELL, ["/bin/sh", "-c", "exec_entry p1_entry"]],
  ["No CMD / ENTRYPOINT [exec_entry, p1_entry]", NO, ENTRY_EXEC, ["exec_entry", "p1_entry"]],
  ["CMD [exec_cmd, p1_cmd] / No ENTRYPOINT", CMD_EXEC, NO, ["exec_cmd", "p1_cmd"]],
  ["CMD [exec_cmd, p1_cmd] / ENTRYPOINT exec_entry p1_entry", CMD_EXEC, ENTRY_SHELL, ["/bin/sh", "-c", "exec_entry p1_entry"], ["/bin/sh", "-c", "exec_entry p1_entry", "exec_cmd", "p1_cmd"]],
  ["CMD [exec_cmd, p1_cmd] / ENTRYPOINT [exec_entry, p1_entry]", CMD_EXEC, ENTRY_EXEC, ["exec_entry", "p1_entry", "exec_cmd", "p1_cmd"]],
  ["CMD exec_cmd p1_cmd / No ENTRYPOINT", CMD_SHELL, NO, ["/bin/sh", "-c", "exec_cmd p1_cmd"]],
  ["CMD exec_cmd p1_cmd / ENTRYPOINT exec_entry p1_entry", CMD_SHELL, ENTRY_SHELL, ["/bin/sh", "-c", "exec_entry p1_entry"], ["/bin/sh", "-c", "exec_entry p1_entry", "/bin/sh", "-c", "exec_cmd p1_cmd"]],
  ["CMD exec_cmd p1_cmd / ENTRYPOINT [exec_entry, p1_entry]", CMD_SHELL, ENTRY_EXEC, ["exec_entry", "p1_entry", "/bin/sh", "-c", "exec_cmd p1_cmd"]],
];

describe("CMD and ENTRYPOINT interaction (Dockerfile reference table, every row)", () => {
  for (const [name, cmd, entrypoint, executed, argv] of DOCKER_TABLE) {
    it(name, () => {
      const result = resolveDockerCommand(entrypoint, cmd);
      if (executed === "error") expect(result).toEqual({ ok: false, error: "no command specified" });
      else expect(result).toEqual({ ok: true, executed, argv: argv ?? executed });
    });
  }

  it("a shell-form ENTRYPOINT ignores docker run arguments too (the reference: 'ignores any CMD or docker run command line arguments')", () => {
    const result = resolveDockerCommand(ENTRY_SHELL, CMD_EXEC, { args: ["extra"] });
    expect(result.ok && result.executed).toEqual(["/bin/sh", "-c", "exec_entry p1_entry"]);
  });
});

describe("docker run overrides (https://docs.docker.com/engine/containers/run/#commands-and-arguments)", () => {
  it("arguments after the image replace CMD and keep ENTRYPOINT", () => {
    expect(resolveDockerCommand(["ping", "-c", "3"], ["localhost"], { args: ["example.com"] })).toEqual({ ok: true, argv: ["ping", "-c", "3", "example.com"], executed: ["ping", "-c", "3", "example.com"] });
  });
  it("arguments after the image replace a CMD when there is no ENTRYPOINT", () => {
    expect(resolveDockerCommand(null, ["nginx", "-g", "daemon off;"], { args: ["echo", "hi"] })).toMatchObject({ ok: true, argv: ["echo", "hi"] });
  });
  it("--entrypoint replaces ENTRYPOINT and clears the image's CMD", () => {
    expect(resolveDockerCommand(["/docker-entrypoint.sh"], ["nginx", "-g", "daemon off;"], { args: [], entrypoint: "sh" })).toMatchObject({ ok: true, argv: ["sh"] });
  });
  it("--entrypoint with arguments: the arguments follow the new entrypoint", () => {
    expect(resolveDockerCommand(["/docker-entrypoint.sh"], ["nginx"], { args: ["-c", "id"], entrypoint: "sh" })).toMatchObject({ ok: true, argv: ["sh", "-c", "id"], executed: ["sh", "-c", "id"] });
  });
  it('--entrypoint "" clears ENTRYPOINT; nothing left is "no command specified"', () => {
    expect(resolveDockerCommand(["/entrypoint.sh"], ["redis-server"], { args: [], entrypoint: "" })).toEqual({ ok: false, error: "no command specified" });
  });
});

// https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#notes
// (the table of image Entrypoint/Cmd against container command/args).
describe("Kubernetes command and args over the image's ENTRYPOINT and CMD", () => {
  const table: [string, string[] | undefined, string[] | undefined, string[]][] = [
    ["neither command nor args: the image defaults", undefined, undefined, ["/ep-1", "foo", "bar"]],
    ["command only: the image's Entrypoint and Cmd are both ignored", ["/ep-2"], undefined, ["/ep-2"]],
    ["args only: the image's Entrypoint runs with the new args", undefined, ["zoo", "boo"], ["/ep-1", "zoo", "boo"]],
    ["command and args: both replace the image's", ["/ep-2"], ["zoo", "boo"], ["/ep-2", "zoo", "boo"]],
  ];
  for (const [name, command, args, expected] of table) {
    it(name, () => expect(resolveKubernetesCommand(["/ep-1"], ["foo", "bar"], command, args)).toEqual(expected));
  }
  it("an empty command list counts as not set, as the kubelet treats it", () => {
    expect(resolveKubernetesCommand(["/ep-1"], ["foo"], [], undefined)).toEqual(["/ep-1", "foo"]);
  });
});
