// Lives beside the docker family because it drives the learner's session (sim/ may not import shell/).
// The kubelet resolves pod commands through sim/runtime/command.ts (via the catalog's startProcess):
// kubectl logs shows what the overridden command printed. The session is the learner's path.
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
});
