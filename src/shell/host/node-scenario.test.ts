/**
 * The node lifecycle end to end, as a learner types it (issue 5 §1): stopping the kubelet on
 * node01 makes the node NotReady once node-monitor-grace-period (50 s) has passed without a
 * heartbeat; starting it makes it Ready again.
 */
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const nodeRow = (out: string, name: string) => out.split("\n").find((l) => l.startsWith(`${name} `)) ?? "";

describe("ssh node01, systemctl stop kubelet", { timeout: 30_000 }, () => {
  it("node01 turns NotReady after 45 s and Ready again after systemctl start", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    expect(nodeRow((await s.run("kubectl get nodes")).stdout, "node01")).toMatch(/^node01\s+Ready\s/);
    await s.run("ssh node01");
    expect((await s.run("systemctl stop kubelet")).exitCode).toBe(0);
    await s.run("exit");
    await s.run("sim clock advance 45s");
    const notReady = await s.run("kubectl get nodes");
    expect(nodeRow(notReady.stdout, "node01")).toMatch(/^node01\s+NotReady\s/);
    expect(nodeRow(notReady.stdout, "controlplane")).toMatch(/^controlplane\s+Ready\s/);
    expect((await s.run("kubectl describe node node01")).stdout).toContain("Kubelet stopped posting node status.");
    await s.run("ssh node01");
    await s.run("systemctl start kubelet");
    await s.run("exit");
    expect(nodeRow((await s.run("kubectl get nodes")).stdout, "node01")).toMatch(/^node01\s+Ready\s/);
  });
});
