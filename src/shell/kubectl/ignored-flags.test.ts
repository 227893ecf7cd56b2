// Flags parse from the real client's recorded help, so every real flag is accepted; one the
// verb never reads must not be dropped silently (AGENTS: "a flag it ignores must say so").
import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";

describe("a flag kadet accepts but does not act on says so", () => {
  it("warns, in kubectl's warning style, naming the ignored flag and the command", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl create configmap c --from-literal=a=b --append-hash");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("Warning: kadet does not simulate --append-hash for 'kubectl create configmap' yet; it was ignored\n");
  });

  it("flags the verb reads, and client-tuning globals, give no warning", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl get pods -A -o wide --show-labels -v=6 --request-timeout=5s --chunk-size=10");
    expect(r.stderr).toBe("");
  });

  it("a failed command is not blamed on its flags", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl get nosuch --append-hash=false 2>/dev/null; kubectl get pod nope --chunk-size=5");
    expect(r.stderr).not.toContain("Warning: kadet");
  });
});
