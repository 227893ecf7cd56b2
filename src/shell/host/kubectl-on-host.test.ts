/**
 * kubectl on a host finds its kubeconfig as the real client does ($KUBECONFIG, else
 * ~/.kube/config); without one it fails with the words recorded from the real kubectl 1.32
 * (testdata/kubectl-get-pods-no-kubeconfig.*, see testdata/README.md).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const golden = (ext: string) => readFileSync(join(__dirname, "testdata", `kubectl-get-pods-no-kubeconfig.${ext}`), "utf8");
/** klog's header (severity, date, time, thread id) changes from run to run: compare what follows it. */
const withoutKlogHeader = (text: string) => text.replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, "E<header> ");

describe("kubectl on a host", { timeout: 30_000 }, () => {
  it("on a worker (no ~/.kube/config) fails as the real kubectl does without a kubeconfig", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    await s.run("ssh node01");
    const r = await s.run("kubectl get pods");
    expect(r.stdout).toBe(golden("stdout"));
    expect(withoutKlogHeader(r.stderr)).toBe(withoutKlogHeader(golden("stderr")));
    expect(r.exitCode).toBe(Number(golden("exitcode").trim()));
    // Help needs no server.
    expect((await s.run("kubectl get --help")).exitCode).toBe(0);
  });

  it("on controlplane, root's ~/.kube/config (a copy of admin.conf) makes it work; removing it breaks it", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    await s.run("ssh controlplane");
    expect((await s.run("kubectl get nodes")).stdout).toMatch(/^NAME\s+STATUS/);
    await s.run("rm /root/.kube/config");
    expect((await s.run("kubectl get nodes")).stderr).toMatch(/The connection to the server localhost:8080 was refused - did you specify the right host or port\?\n$/);
    expect((await s.run("KUBECONFIG=/etc/kubernetes/admin.conf kubectl get nodes")).exitCode).toBe(0);
  });

  it("a kubeconfig of another user (the kubelet's) is not simulated rather than acting as admin", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    await s.run("ssh node01");
    const r = await s.run("KUBECONFIG=/etc/kubernetes/kubelet.conf kubectl get pods");
    expect([r.exitCode, r.stderr]).toEqual([1, "kadet: kubectl with the kubeconfig /etc/kubernetes/kubelet.conf is not simulated yet: kadet's kubectl acts only as kubernetes-admin (admin.conf, ~/.kube/config on controlplane)\n"]);
  });

  it("on the learner's terminal kubectl works as before", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    expect((await s.run("kubectl get nodes")).exitCode).toBe(0);
  });
});
