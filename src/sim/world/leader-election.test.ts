/**
 * Leader election of kube-scheduler and kube-controller-manager
 * (https://kubernetes.io/docs/concepts/architecture/leases/#leader-election; client-go
 * tools/leaderelection/leaderelection.go tryAcquireOrRenew; the defaults of component-base
 * LeaderElectionConfiguration: leaseDuration 15 s, renewDeadline 10 s, retryPeriod 2 s).
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Pod, StoredObject } from "../api/types.js";
import { componentActs } from "./control-plane.js";
import { createWorld } from "./create.js";
import type { World } from "./world.js";

const LEASE = kindNamed("Lease")!;
const POD = kindNamed("Pod")!;
type Lease = StoredObject & { spec: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string; acquireTime?: string; leaseTransitions?: number } };
const lease = (world: World, name: string) => world.api.find(LEASE, "kube-system", name) as Lease;
const renewedAt = (world: World, name: string) => Date.parse(lease(world, name).spec.renewTime!);
const pod = (name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "nginx" }] } });

describe("leader election", () => {
  it("the default preset's controlplane holds both leases as HOST_UUID, 15 s long, renewed every 2 s", () => {
    const world = createWorld("default");
    for (const name of ["kube-scheduler", "kube-controller-manager"]) {
      const l = lease(world, name);
      expect(l.spec.holderIdentity).toMatch(/^controlplane_[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(l.spec.leaseDurationSeconds).toBe(15);
      expect(l.spec.leaseTransitions).toBe(0);
      expect(l.spec.acquireTime).toMatch(/\.\d{6}Z$/);
      const before = renewedAt(world, name);
      world.advance(2);
      expect(renewedAt(world, name)).toBe(before + 2_000);
    }
    expect(lease(world, "kube-scheduler").spec.holderIdentity).not.toBe(lease(world, "kube-controller-manager").spec.holderIdentity);
  });

  it("ha: the leader's host stopped, another control-plane host takes both leases once they expire (15 s), counting a transition", () => {
    const world = createWorld("ha");
    const holder = lease(world, "kube-scheduler").spec.holderIdentity!;
    const leaderHost = holder.split("_")[0]!;
    expect(leaderHost).toMatch(/^controlplane-[123]$/);
    const lastRenewal = renewedAt(world, "kube-scheduler");
    world.hosts.setPower(leaderHost, false);
    world.hosts.setKubelet(leaderHost, false, world.clock.now());
    // Until the lease expires nobody schedules: the holder is gone and the others wait.
    world.advance((lastRenewal + 14_000 - world.clock.now()) / 1000);
    expect(lease(world, "kube-scheduler").spec.holderIdentity).toBe(holder);
    expect(componentActs(world, "kube-scheduler")).toBe(false);
    world.advance(3);
    for (const name of ["kube-scheduler", "kube-controller-manager"]) {
      const taken = lease(world, name).spec;
      expect(taken.holderIdentity?.split("_")[0]).not.toBe(leaderHost);
      expect(taken.holderIdentity).toMatch(/^controlplane-[123]_/);
      expect(taken.leaseTransitions).toBe(1);
      expect(taken.acquireTime).toBe(taken.renewTime);
    }
    expect(componentActs(world, "kube-scheduler")).toBe(true);
    world.api.create(POD, pod("after"), "default");
    world.settle();
    expect(world.api.find<Pod>(POD, "default", "after")!.spec?.nodeName).toMatch(/^node0[12]$/);
  });

  it("a restarted scheduler is a new identity: it waits for its old lease to expire before it schedules", () => {
    const world = createWorld("default");
    const file = "/etc/kubernetes/manifests/kube-scheduler.yaml";
    const manifest = world.hosts.get("controlplane")!.files[file]!;
    const before = lease(world, "kube-scheduler").spec.holderIdentity;
    // A changed manifest is a new static pod: a new process.
    world.hosts.writeFile("controlplane", file, manifest.replace("--leader-elect=true", "--leader-elect=true\n    - --v=2"));
    world.advance(3);
    world.api.create(POD, pod("waits"), "default");
    world.advance(5);
    expect(world.api.find<Pod>(POD, "default", "waits")!.spec?.nodeName).toBeUndefined();
    world.advance(15);
    expect(lease(world, "kube-scheduler").spec.holderIdentity).not.toBe(before);
    expect(lease(world, "kube-scheduler").spec.leaseTransitions).toBe(1);
    expect(world.api.find<Pod>(POD, "default", "waits")!.spec?.nodeName).toMatch(/^node0[12]$/);
  });
});
