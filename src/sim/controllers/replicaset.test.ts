/**
 * The ReplicaSet controller's pace. kube-controller-manager talks to the API server through a
 * client rate-limited to --kube-api-qps=20 with --kube-api-burst=30 (the defaults,
 * https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/),
 * so a huge ReplicaSet fills up over time; the model does the same, which keeps every command
 * prompt whatever replicas a learner types.
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Pod, ReplicaSet } from "../api/types.js";
import { createWorld } from "../world/create.js";
import { ReplicaSetController, firstInOrder } from "./replicaset.js";

const POD = kindNamed("Pod")!;
const RS = kindNamed("ReplicaSet")!;

function replicaSet(replicas: number) {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "big" },
    spec: { replicas, selector: { matchLabels: { app: "big" } }, template: { metadata: { labels: { app: "big" } }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } } },
  };
}

describe("ReplicaSet controller through the controller manager's rate-limited client", () => {
  it("creates a burst of 30 pods, then 20 a second, until all replicas exist", () => {
    const world = createWorld("bare");
    expect(world.api.create(RS, replicaSet(1000), "default").ok).toBe(true);
    world.reconcile();
    expect(world.api.list<Pod>(POD, "default")).toHaveLength(30);
    world.advance(10);
    expect(world.api.list<Pod>(POD, "default")).toHaveLength(230);
    world.advance(60);
    expect(world.api.list<Pod>(POD, "default")).toHaveLength(1000);
    // 1,000 pods on a bare cluster: seconds of CPU on a loaded 2-core machine; pace, not wall time, is what this asserts.
  }, 60_000);

  it("scales down at the same pace", () => {
    const world = createWorld("bare");
    world.api.create(RS, replicaSet(100), "default");
    world.advance(10);
    expect(world.api.list<Pod>(POD, "default").filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(100);
    const rs = world.api.find<ReplicaSet>(RS, "default", "big")!;
    world.api.update(RS, { ...rs, spec: { ...rs.spec!, replicas: 0 } });
    world.reconcile();
    expect(world.api.list<Pod>(POD, "default").filter((p) => !p.metadata.deletionTimestamp).length).toBe(100 - 30);
  });

  it("its limiter survives a snapshot", () => {
    const world = createWorld("bare");
    world.api.create(RS, replicaSet(1000), "default");
    world.reconcile();
    const controller = world.loopsOfType(ReplicaSetController)!;
    const copy = new ReplicaSetController();
    copy.loadState(JSON.parse(JSON.stringify(controller.saveState())));
    expect(copy.saveState()).toEqual(controller.saveState());
  });
});

describe("firstInOrder (the pods a scale-down deletes first, without sorting them all)", () => {
  it("gives exactly what sort then slice gives, for every count", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const items = Array.from({ length: 200 }, (_, i) => ({ rank: Math.floor(random() * 4), name: `p${i}` }));
    const compare = (a: { rank: number; name: string }, b: { rank: number; name: string }) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const count of [0, 1, 2, 7, 24, 25, 26, 100, 199, 200, 300]) expect(firstInOrder(items, count, compare)).toEqual([...items].sort(compare).slice(0, Math.max(0, count)));
  });
});

describe("ReplicaSet counts kept from the change log (replicaset-tally.ts)", () => {
  // The controller's status is calculateStatus over the pods it owns (replica_set_utils.go);
  // counting them as they change must give what recounting them at every sync gives.
  it("give the statuses and pods a full recount gives, through scaling, readiness, minReadySeconds, a released pod and an adopted orphan", () => {
    const run = (watch: boolean) => {
      const world = createWorld("default");
      world.watchChanges = watch;
      const seen: string[] = [];
      const look = () => {
        for (const rs of world.api.list<ReplicaSet>(RS, "default")) seen.push(`${rs.metadata.name} ${JSON.stringify(rs.status)}`);
        seen.push(world.api.list<Pod>(POD, "default").map((p) => `${p.metadata.name}:${p.status?.phase}:${p.metadata.ownerReferences?.[0]?.name ?? "-"}`).join(","));
      };
      const rs = replicaSet(5);
      world.api.create(RS, { ...rs, spec: { ...rs.spec, minReadySeconds: 10 } }, "default");
      for (let i = 0; i < 4; i++) {
        world.advance(4);
        look();
      }
      // An orphan carrying the selector's labels is adopted; the ReplicaSet then has one too many.
      world.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "stray", labels: { app: "big" } }, spec: { containers: [{ name: "c", image: "nginx" }] } }, "default");
      world.advance(5);
      look();
      // A pod relabelled out of the selector is released and replaced.
      const first = world.api.list<Pod>(POD, "default").find((p) => p.metadata.name.startsWith("big-"))!;
      world.api.update(POD, { ...first, metadata: { ...first.metadata, labels: { app: "elsewhere" } } });
      world.advance(5);
      look();
      const current = world.api.find<ReplicaSet>(RS, "default", "big")!;
      world.api.update(RS, { ...current, spec: { ...current.spec!, replicas: 2 } });
      world.advance(20);
      look();
      const shrunk = world.api.find<ReplicaSet>(RS, "default", "big")!;
      world.api.update(RS, { ...shrunk, spec: { ...shrunk.spec!, replicas: 7 } });
      world.advance(30);
      look();
      world.advance(30);
      look();
      return seen;
    };
    const counted = run(true);
    console.log(counted.filter((l) => l.startsWith("big ")).join("\n"));
    expect(counted).toEqual(run(false));
    // The scenario reached what it is about: the orphan adopted, the relabelled pod released, all available in the end.
    // (the orphan, once adopted, was the sixth pod and the first to go: an orphan left alone would still be listed with no owner)
    expect(counted.join("\n")).not.toContain("stray");
    expect(counted.join("\n")).toMatch(/big-[a-z0-9]+-?[a-z0-9]*:Running:-/);
    expect(counted.at(-2)).toContain('"availableReplicas":7');
  }, 60_000);
});
