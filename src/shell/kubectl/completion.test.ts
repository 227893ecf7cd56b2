// `kubectl completion SHELL`: its argument errors as kubectl 1.32 prints them (testdata/errors,
// recorded by record.sh), and the usual setup line working in the sandbox.
import { describe, expect, it } from "vitest";
import { golden, kubectlSession, recordedError } from "./testing.js";

describe("kubectl completion", () => {
  it.each([
    ["completion", "completion-no-shell"],
    ["completion foo", "completion-bad-shell"],
    ["completion bash a", "completion-two-args"],
  ])("kubectl %s fails as the real client does", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });

  it("--help is the recorded text", async () => {
    expect((await kubectlSession().run("kubectl completion --help")).stdout).toBe(golden("help/completion.txt"));
  });

  it("`source <(kubectl completion bash)` and the alias setup run cleanly, and the script says what it stands in for", async () => {
    const session = kubectlSession();
    const r = await session.run("source <(kubectl completion bash); alias k=kubectl; complete -o default -F __start_kubectl k; echo ok");
    expect(r).toMatchObject({ stdout: "ok\n", stderr: "", exitCode: 0 });
    for (const shell of ["bash", "zsh", "fish", "powershell"]) {
      const out = (await session.run(`kubectl completion ${shell}`)).stdout;
      expect(out).toContain("kadet: the trainer's terminal completes kubectl");
    }
  });
});
