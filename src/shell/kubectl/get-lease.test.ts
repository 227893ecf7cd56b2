// `kubectl get lease`: the columns of printers.go printLease (Name, Holder, Age), and the leases a
// kubeadm cluster has: one per node in kube-node-lease, the API server's identity lease and the
// two leader leases in kube-system.
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

describe("kubectl get lease", () => {
  it("kubectl get lease -n kube-system prints NAME HOLDER AGE (printers.go printLease)", async () => {
    const s = new Session({ preset: "default" });
    const out = (await s.run("kubectl get lease -n kube-system")).stdout.split("\n");
    expect(out[0]).toMatch(/^NAME {35}HOLDER {70}AGE$/);
    expect(out[1]).toMatch(/^apiserver-v3pzcqgisi2xl2qaivl6nou4fq {3}apiserver-v3pzcqgisi2xl2qaivl6nou4fq_[0-9a-f-]{36} {3}3d$/);
    expect(out[2]).toMatch(/^kube-controller-manager {16}controlplane_[0-9a-f-]{36} {27}3d$/);
    expect(out[3]).toMatch(/^kube-scheduler {25}controlplane_[0-9a-f-]{36} {27}3d$/);
  });

  it("-A lists the node leases (held by their node) and the leader leases", async () => {
    const s = new Session({ preset: "default" });
    const rows = (await s.run("kubectl get lease -A --no-headers")).stdout.trim().split("\n").map((l) => l.split(/ +/).slice(0, 3).join(" "));
    expect(rows.slice(0, 3)).toEqual(["kube-node-lease controlplane controlplane", "kube-node-lease node01 node01", "kube-node-lease node02 node02"]);
    expect(rows.slice(3).map((r) => r.split(" ").slice(0, 2).join(" "))).toEqual(["kube-system apiserver-v3pzcqgisi2xl2qaivl6nou4fq", "kube-system kube-controller-manager", "kube-system kube-scheduler"]);
  });

  it("the API server's identity lease: apiserver- + base32(sha256(hostname)[:16]), 3600 s, labelled, renewed every 10 s", async () => {
    // The name a real kube-apiserver on a host named controlplane takes (genericapiserver's APIServerID).
    const s = new Session({ preset: "default" });
    const get = async () => JSON.parse((await s.run("kubectl get lease -n kube-system apiserver-v3pzcqgisi2xl2qaivl6nou4fq -o json")).stdout);
    const lease = await get();
    expect(lease.metadata.labels).toEqual({ "apiserver.kubernetes.io/identity": "kube-apiserver", "kubernetes.io/hostname": "controlplane" });
    expect(lease.spec.leaseDurationSeconds).toBe(3600);
    expect(lease.spec.acquireTime).toBeUndefined();
    await s.run("sim clock advance 10s");
    expect(Date.parse((await get()).spec.renewTime) - Date.parse(lease.spec.renewTime)).toBeGreaterThanOrEqual(10_000);
  });
});
