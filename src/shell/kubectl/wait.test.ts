// kubectl wait: kubectl/pkg/cmd/wait/wait.go, condition.go, json.go (1.32), polling the virtual
// clock. Client-side errors recorded from the real kubectl 1.32 (testdata/errors/wait-*.err).
import { describe, expect, it } from "vitest";
import { kubectlSession, recordedError } from "./testing.js";

describe("kubectl wait", () => {
  it("--for=condition=Ready waits on the virtual clock until the pod is ready", async () => {
    const s = kubectlSession();
    await s.run("kubectl run web --image=nginx");
    const before = s.world.clock.now();
    const r = await s.run("kubectl wait --for=condition=Ready pod/web --timeout=60s");
    expect(r).toMatchObject({ stdout: "pod/web condition met\n", stderr: "", exitCode: 0 });
    expect(s.world.clock.now()).toBeGreaterThan(before);
    expect((await s.run("kubectl get pod web -o jsonpath='{.status.phase}'")).stdout).toBe("Running");
  });

  it("times out with the object's resource name; --timeout=0 checks once", async () => {
    const s = kubectlSession();
    await s.run("kubectl run bad --image=nosuchimage:1");
    const r = await s.run("kubectl wait --for=condition=Ready pod/bad --timeout=10s");
    expect(r).toMatchObject({ stdout: "", stderr: "error: timed out waiting for the condition on pods/bad\n", exitCode: 1 });
    const once = await s.run("kubectl wait --for=condition=Ready=false pod/bad --timeout=0");
    expect(once.stdout).toBe("pod/bad condition met\n");
  });

  it("--for=jsonpath compares the value; without a value it waits for the field", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx --replicas=2");
    expect((await s.run("kubectl wait deploy/web --for=jsonpath='{.status.readyReplicas}'=2")).stdout).toBe("deployment.apps/web condition met\n");
    expect((await s.run("kubectl wait deploy/web --for=jsonpath=.status.availableReplicas")).stdout).toBe("deployment.apps/web condition met\n");
  });

  it("--for=delete waits for the object to go; an object already gone is no error", async () => {
    const s = kubectlSession();
    // busybox's sleep as PID 1 ignores SIGTERM: the pod terminates for its 30 s grace period.
    await s.run("kubectl run web --image=busybox -- sleep 3600");
    await s.run("sim clock advance 10s");
    await s.run("kubectl delete pod web --wait=false");
    expect((await s.run("kubectl get pod web -o name")).stdout).toBe("pod/web\n");
    expect((await s.run("kubectl wait --for=delete pod/web --timeout=60s")).stdout).toBe("pod/web condition met\n");
    expect(await s.run("kubectl wait --for=delete pod/web")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("a selector that matches nothing, and a missing named object", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl wait pods -l app=none --for=condition=Ready")).stderr).toBe("error: no matching resources found\n");
    expect((await s.run("kubectl wait pod/nope --for=condition=Ready")).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it.each([
    ["wait-no-for", "kubectl wait pod/x"],
    ["wait-bad-for", "kubectl wait pod/x --for=foo"],
    ["wait-jsonpath-empty", "kubectl wait pod/x --for=jsonpath="],
    ["wait-jsonpath-bad", "kubectl wait pod/x --for=jsonpath='{.status'=x"],
    ["wait-no-resources", "kubectl wait --for=delete"],
    ["wait-bad-timeout", "kubectl wait pod/x --for=delete --timeout=abc"],
  ])("error %s", async (name, command) => {
    const r = await kubectlSession().run(command);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});
