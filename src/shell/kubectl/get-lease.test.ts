// `kubectl get lease`: the columns of printers.go printLease (Name, Holder, Age), and the leases a
// kubeadm cluster has: one per node in kube-node-lease, the two leader leases in kube-system.
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

describe("kubectl get lease", () => {
  it("kubectl get lease -n kube-system prints NAME HOLDER AGE (printers.go printLease)", async () => {
    const s = new Session({ preset: "default" });
    const out = (await s.run("kubectl get lease -n kube-system")).stdout.split("\n");
    expect(out[0]).toMatch(/^NAME {22}HOLDER {46}AGE$/);
    expect(out[1]).toMatch(/^kube-controller-manager {3}controlplane_[0-9a-f-]{36} {3}3d$/);
    expect(out[2]).toMatch(/^kube-scheduler {12}controlplane_[0-9a-f-]{36} {3}3d$/);
  });

  it("-A lists the node leases (held by their node) and the leader leases", async () => {
    const s = new Session({ preset: "default" });
    const rows = (await s.run("kubectl get lease -A --no-headers")).stdout.trim().split("\n").map((l) => l.split(/ +/).slice(0, 3).join(" "));
    expect(rows.slice(0, 3)).toEqual(["kube-node-lease controlplane controlplane", "kube-node-lease node01 node01", "kube-node-lease node02 node02"]);
    expect(rows.slice(3).map((r) => r.split(" ").slice(0, 2).join(" "))).toEqual(["kube-system kube-controller-manager", "kube-system kube-scheduler"]);
  });
});
