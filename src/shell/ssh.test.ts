/**
 * `ssh NODE` into a host of the model (issue 5 §1): files there are the host's,
 * edits reach the kubelet; unknown hosts fail as OpenSSH does (exit 255).
 */
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";
import { orderedOutput } from "./types.js";
import { SETTLE_SECONDS } from "../sim/world/world.js";

describe("ssh NODE", () => {
  it("refuses an unknown host with OpenSSH's message and status 255", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    expect(await s.run("ssh nosuch")).toEqual({ stdout: "", stderr: "ssh: Could not resolve hostname nosuch: Name or service not known\n", exitCode: 255 });
  });

  it("lists and removes the host's manifests; the scheduler pod goes, and comes back when the file is restored", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    expect((await s.run("ssh controlplane")).exitCode).toBe(0);
    expect(s.currentHost()).toBe("controlplane");
    expect((await s.run("ls /etc/kubernetes/manifests")).stdout).toBe("etcd.yaml\nkube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml\n");
    await s.run("mv /etc/kubernetes/manifests/kube-scheduler.yaml /root/");
    expect((await s.run("kubectl get pod -n kube-system kube-scheduler-controlplane")).stderr).toContain('pods "kube-scheduler-controlplane" not found');
    await s.run("cp /root/kube-scheduler.yaml /etc/kubernetes/manifests/");
    expect((await s.run("kubectl get pod -n kube-system kube-scheduler-controlplane --no-headers")).stdout).toMatch(/Running/);
    expect(await s.run("exit")).toEqual({ stdout: "logout\n", stderr: "Connection to controlplane closed.\n", exitCode: 0 });
    expect(s.currentHost()).toBeUndefined();
    // Back on the learner's terminal: the host's files are not here.
    expect((await s.run("ls /etc/kubernetes/manifests")).exitCode).not.toBe(0);
  });

  it("sed -i on a manifest shows in the mirror pod", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    await s.run("ssh controlplane");
    await s.run("sed -i 's/kube-scheduler:v1.32.0/kube-scheduler:v9.9.9/' /etc/kubernetes/manifests/kube-scheduler.yaml");
    const out = await s.run("kubectl get pod -n kube-system kube-scheduler-controlplane -o jsonpath='{.spec.containers[0].image}'");
    expect(out.stdout).toBe("registry.k8s.io/kube-scheduler:v9.9.9");
  });

  it("hostname names the machine the prompt names: controlplane on the learner's terminal, the node after ssh (hostname(1) prints the system's host name)", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    expect(await s.run("hostname")).toEqual({ stdout: "controlplane\n", stderr: "", exitCode: 0 });
    await s.run("ssh node01");
    expect((await s.run("hostname")).stdout).toBe("node01\n");
    expect((await s.run("hostname -s")).stdout).toBe("node01\n");
    expect((await s.run("cat /etc/hostname")).stdout).toBe("node01\n");
    expect(await s.run("hostname -I")).toEqual({ stdout: "", stderr: "kadet: 'hostname -I' is not simulated yet\n", exitCode: 1 });
    await s.run("exit");
    expect((await s.run("hostname")).stdout).toBe("controlplane\n");
  });

  // Issue 7: the node's shell runs lines as the learner's own terminal does (line-runner.ts).
  it("keeps the output order of a line, inside a group too, as bash prints it", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    await s.run("ssh node01");
    const r = await s.run("ls /nosuch; echo after; { cat /nosuch2; echo in-group; }");
    expect(orderedOutput(r).map((c) => c.stream)).toEqual(["stderr", "stdout", "stderr", "stdout"]);
    expect(r.stdout).toBe("after\nin-group\n");
  });

  it("lets time pass once per line, however many kubectl commands it has", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    await s.run("ssh controlplane");
    const t0 = s.environment.now();
    await s.run("kubectl get nodes | wc -l; kubectl get ns > /dev/null; kubectl get pods");
    expect(s.environment.now() - t0).toBe(SETTLE_SECONDS * 1000);
  });

  it("carries aliases, set -o options and $? from line to line; a node has no k alias of its own", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    await s.run("ssh node01");
    expect((await s.run("k get nodes")).stderr).toBe("bash: k: command not found\n");
    expect((await s.run("echo $?")).stdout).toBe("127\n");
    await s.run("alias ll='ls -a'; set -o pipefail; cd /etc");
    expect((await s.run("ll kubernetes")).stdout).toContain("manifests");
    expect((await s.run("false | true; echo $? $PWD")).stdout).toBe("1 /etc\n");
    expect((await s.run("env")).stdout).not.toMatch(/BASH_ALIAS_|SHELLOPTS|__KADET/);
  });

  it("ends the ssh session at an exit inside a longer line, and at a failure under set -e", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    await s.run("ssh node01");
    expect(await s.run("echo bye; exit 2")).toMatchObject({ stdout: "bye\nlogout\n", stderr: "Connection to node01 closed.\n", exitCode: 2 });
    expect(s.currentHost()).toBeUndefined();
    await s.run("ssh node01");
    await s.run("set -e");
    expect((await s.run("ls /nosuch")).stderr).toMatch(/Connection to node01 closed\.\n$/);
    expect(s.currentHost()).toBeUndefined();
    // Back home, k is kubectl as before.
    expect((await s.run("k get nodes --no-headers")).stdout).toMatch(/^controlplane/);
  });
});
