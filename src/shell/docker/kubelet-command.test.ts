// Lives beside the docker family because it drives the learner's session (sim/ may not import shell/).
// The kubelet resolves pod commands through sim/runtime/command.ts (via the catalog's startProcess):
// kubectl logs shows what the overridden command printed. The session is the learner's path.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

describe("a pod's command/args reach the kubelet through the shared resolver", () => {
  it("command replaces nginx's entrypoint and CMD: the pod logs what the command echoes", async () => {
    const s = new Session();
    await s.run("kubectl run hello --image=busybox --restart=Never --command -- sh -c 'echo from-command'");
    await s.run("sleep 20");
    expect((await s.run("kubectl logs hello")).stdout).toBe("from-command\n");
  });
  it("args alone keep the image's ENTRYPOINT (none for busybox) and replace CMD", async () => {
    const s = new Session();
    await s.run("kubectl run args --image=busybox --restart=Never -- echo from-args");
    await s.run("sleep 20");
    expect((await s.run("kubectl logs args")).stdout).toBe("from-args\n");
  });
  it("args replace the CMD of a pushed image whose ENTRYPOINT is sleep (the docs' table: ENTRYPOINT + args)", async () => {
    // https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#notes
    // The build context is a real folder: keep it out of the checkout.
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-sleeper-")) });
    await s.run("mkdir sleeper && printf 'FROM busybox:1.36\\nENTRYPOINT [\"sleep\"]\\nCMD [\"10\"]\\n' > sleeper/Dockerfile");
    await s.run("docker build -q -t registry.local:5000/sleeper:1.0 sleeper && docker push registry.local:5000/sleeper:1.0");
    await s.run("kubectl run long --image=registry.local:5000/sleeper:1.0 -- 3600");
    await s.run("kubectl run bad --image=registry.local:5000/sleeper:1.0 --restart=Never -- echo hi");
    await s.run("sleep 40");
    const restarts = await s.run("kubectl get pod long -o jsonpath='{.status.phase} {.status.containerStatuses[0].restartCount}'");
    expect(restarts.stdout).toBe("Running 0");
    // sleep echo hi: busybox sleep refuses the word, exit code 1.
    expect((await s.run("kubectl get pod bad -o jsonpath='{.status.phase}'")).stdout).toBe("Failed");
    expect((await s.run("kubectl logs bad")).stdout).toBe("sleep: invalid number 'echo'\n");
  });
});
