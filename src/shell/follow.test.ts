// Follow commands on the virtual clock (issue 7: Ctrl-C interrupts `kubectl get -w`,
// `logs -f`, `sleep` as in bash): each tick lets a virtual second pass and prints only
// what is new, as kubectl's watch prints a row per event and `logs -f` streams appended lines.
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";
import { followCommand, sleepSeconds } from "./follow.js";

const clock = async (s: Session) => (await s.run("sim clock")).stdout.trim();

describe("followCommand", () => {
  it("sleep N passes N virtual seconds over its ticks, then ends; Ctrl-C (no more ticks) stops it early", async () => {
    const s = new Session({});
    const before = Date.parse(await clock(s));
    const follow = followCommand("sleep 3", (l) => s.run(l))!;
    expect((await follow.start()).done).toBe(false);
    expect((await follow.tick()).done).toBe(false);
    const interruptedAt = Date.parse(await clock(s));
    expect(interruptedAt - before).toBe(1000);
    expect((await follow.tick()).done).toBe(false);
    expect((await follow.tick()).done).toBe(true);
    expect(Date.parse(await clock(s)) - before).toBe(3000);
  });

  it("GNU sleep operands: suffixes are summed (sleep 1m 30s is 90 s)", () => {
    expect(sleepSeconds(["1m", "30s"])).toBe(90);
    expect(sleepSeconds(["2"])).toBe(2);
    expect(sleepSeconds(["x"])).toBeUndefined();
  });

  it("kubectl get pods -w prints the table, then a row when a pod changes (not when only its AGE does)", async () => {
    const s = new Session({});
    await s.run("kubectl run web --image=nginx:1.27");
    const follow = followCommand("kubectl get pods -w", (l) => s.run(l))!;
    const first = await follow.start();
    expect(first.stdout).toMatch(/^NAME\s+READY\s+STATUS/);
    expect(first.stdout).toContain("web");
    // Nothing changes but the age: a watch prints nothing.
    expect((await follow.tick()).stdout).toBe("");
    await s.run("kubectl label pod web tier=front");
    await s.run("kubectl delete pod web --wait=false");
    const after = await follow.tick();
    expect(after.stdout).toMatch(/^web\s+/m);
    expect(after.stdout).not.toContain("NAME");
  });

  it("docker logs -f prints the log, then only lines added later", async () => {
    const s = new Session({});
    await s.run("docker run -d --name web nginx:1.27");
    const follow = followCommand("docker logs -f web", (l) => s.run(l))!;
    const first = await follow.start();
    expect(first.stdout).toContain("Configuration complete; ready for start up");
    expect(first.stderr).toBe("");
    expect((await follow.tick()).stdout).toBe("");
  });

  it("leaves pipelines and ordinary commands to the shell", () => {
    const run = async () => ({ stdout: "", stderr: "", exitCode: 0 });
    expect(followCommand("kubectl get pods -w | grep web", run)).toBeUndefined();
    expect(followCommand("kubectl get pods", run)).toBeUndefined();
    expect(followCommand("kubectl logs web", run)).toBeUndefined();
  });
});
