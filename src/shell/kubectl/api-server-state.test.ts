/**
 * kubectl against a control plane that is not all there (issue 10, "etcd and the control plane").
 * https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/ : "If the majority
 * of etcd members have permanently failed, the etcd cluster is considered failed. When this
 * happens, Kubernetes cannot make any changes to its current state". etcd runs Raft with
 * CheckQuorum (server/etcdserver/raft.go), so a leader cut off from the majority steps down
 * after an election timeout; kube-apiserver's request then fails with etcd's own error.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

/** Every family: the test drives the machines with `sim` and talks to them with kubectl. */
const session = (preset = "default") => new Session({ preset, cwd: mkdtempSync(join(tmpdir(), "kadet-apiserver-")) });

const NO_ROUTE = "Unable to connect to the server: dial tcp 192.168.0.10:6443: connect: no route to host\n";

describe("kubectl without etcd's quorum (ha preset, 3 members)", () => {
  it("one member down: everything works; two down: requests time out with etcdserver's error, and time passes; one back: works again", async () => {
    const s = session("ha");
    await s.run("sim etcd stop controlplane-3");
    expect((await s.run("kubectl create namespace one")).stdout).toBe("namespace/one created\n");
    await s.run("sim etcd stop controlplane-2");
    await s.run("sim clock advance 2s");
    expect((await s.run("sim etcd")).stdout).toContain("controlplane-1 on controlplane-1: follower");
    const before = (await s.run("sim clock")).stdout;
    expect(await s.run("kubectl create namespace two")).toEqual({ stdout: "", stderr: "Error from server: etcdserver: request timed out\n", exitCode: 1 });
    expect((await s.run("kubectl get namespaces")).stderr).toBe("Error from server: etcdserver: request timed out\n");
    expect((await s.run("sim clock")).stdout).not.toBe(before);
    await s.run("sim etcd start controlplane-2");
    await s.run("sim clock advance 2s");
    expect((await s.run("kubectl create namespace two")).stdout).toBe("namespace/two created\n");
  });
});

describe("kubectl when the control-plane host is switched off (default preset)", () => {
  it("no machine answers: five discovery errors, then 'Unable to connect to the server' (the host's mirror pods keep their last status)", async () => {
    const s = session();
    await s.run("sim host stop controlplane");
    const r = await s.run("kubectl get nodes");
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split("\n").filter((l) => l.includes('memcache.go:265] "Unhandled Error"'))).toHaveLength(5);
    expect(r.stderr.endsWith(NO_ROUTE)).toBe(true);
    expect(await s.run("kubectl version")).toEqual({ stdout: "Client Version: v1.32.0\nKustomize Version: v5.5.0\n", stderr: NO_ROUTE, exitCode: 1 });
    await s.run("sim host start controlplane");
    expect((await s.run("kubectl get nodes -o name")).stdout).toContain("node/controlplane\n");
  });
});
