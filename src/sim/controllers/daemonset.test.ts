// DaemonSet updates against the default preset (two workers), following
// https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/ and kube-controller-manager
// 1.32's pkg/controller/daemon (update.go rollingUpdate and constructHistory, util.IsPodUpdated,
// updateDaemonSetStatus).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { DaemonSet, Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";
import type { ControllerRevision } from "./statefulset-revisions.js";
import { planRollingUpdate, rollingUpdateBudget } from "./daemonset-update.js";

const DS = kindNamed("DaemonSet")!;
const POD = kindNamed("Pod")!;
const REVISION = kindNamed("ControllerRevision")!;

function daemonSet(w: World, updateStrategy?: Record<string, unknown>): void {
  const created = w.api.create(
    DS,
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "agent" },
      spec: { selector: { matchLabels: { app: "agent" } }, ...(updateStrategy ? { updateStrategy } : {}), template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "agent", image: "nginx:1.27" }] } } },
    },
    "default",
  );
  expect(created.ok).toBe(true);
}

function setImage(w: World, image: string): void {
  const ds = structuredClone(w.api.find<DaemonSet>(DS, "default", "agent")!);
  ds.spec!.template.spec!.containers[0]!.image = image;
  expect(w.api.update(DS, ds).ok).toBe(true);
}

const agentPods = (w: World) => w.api.list<Pod>(POD, "default").filter((p) => p.metadata.labels?.app === "agent");
const images = (w: World) => agentPods(w).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec!.containers[0]!.image).sort();
const status = (w: World) => w.api.find<DaemonSet>(DS, "default", "agent")!.status!;
const revisions = (w: World) => w.api.list<ControllerRevision>(REVISION, "default").map((r) => ({ name: r.metadata.name, revision: r.revision, hash: r.metadata.labels?.["controller-revision-hash"] }));

describe("DaemonSet ControllerRevisions (daemon/update.go constructHistory)", () => {
  it("each template is a revision NAME-<hash> labelled controller-revision-hash; pods carry the hash and pod-template-generation", () => {
    const w = createWorld("default");
    daemonSet(w);
    w.advance(20);
    const [first] = revisions(w);
    expect(first).toMatchObject({ revision: 1, name: `agent-${first!.hash}` });
    expect(agentPods(w).map((p) => p.metadata.labels)).toEqual([
      { app: "agent", "controller-revision-hash": first!.hash, "pod-template-generation": "1" },
      { app: "agent", "controller-revision-hash": first!.hash, "pod-template-generation": "1" },
    ]);
    setImage(w, "nginx:1.28");
    w.advance(60);
    expect(revisions(w).map((r) => r.revision)).toEqual([1, 2]);
    expect(new Set(agentPods(w).map((p) => p.metadata.labels?.["pod-template-generation"]))).toEqual(new Set(["2"]));
  });
});

describe("DaemonSet RollingUpdate (update.go rollingUpdate)", () => {
  it("maxUnavailable 1 (the default): one node at a time loses its old pod, and its replacement is made once the old one is gone", () => {
    const w = createWorld("default");
    daemonSet(w);
    w.advance(20);
    setImage(w, "nginx:1.28");
    w.reconcile();
    // One old pod deleted, the other still serving; no second pod on the first node yet.
    expect(agentPods(w).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(1);
    expect(images(w)).toEqual(["nginx:1.27"]);
    w.advance(60);
    expect(images(w)).toEqual(["nginx:1.28", "nginx:1.28"]);
    expect(status(w)).toMatchObject({ desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2, observedGeneration: 2 });
  });

  it("maxSurge 1 with maxUnavailable 0: the new pod starts beside the old one, which goes once the new one is available", () => {
    const w = createWorld("default");
    daemonSet(w, { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    w.advance(20);
    setImage(w, "nginx:1.28");
    w.reconcile();
    expect(images(w)).toEqual(["nginx:1.27", "nginx:1.27", "nginx:1.28"]);
    expect(agentPods(w).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(0);
    w.advance(60);
    expect(images(w)).toEqual(["nginx:1.28", "nginx:1.28"]);
  });

  it("OnDelete: a new template reaches a node only when its pod is deleted", () => {
    const w = createWorld("default");
    daemonSet(w, { type: "OnDelete" });
    w.advance(20);
    setImage(w, "nginx:1.28");
    w.advance(60);
    expect(images(w)).toEqual(["nginx:1.27", "nginx:1.27"]);
    expect(status(w).updatedNumberScheduled).toBeUndefined();
    const victim = agentPods(w)[0]!;
    w.api.delete(POD, "default", victim.metadata.name);
    w.advance(60);
    expect(images(w)).toEqual(["nginx:1.27", "nginx:1.28"]);
    expect(status(w).updatedNumberScheduled).toBe(1);
  });
});

describe("rollingUpdate's budgets (util.UnavailableCount / SurgeCount)", () => {
  it("percentages of desiredNumberScheduled round up; both zero means one unavailable", () => {
    expect(rollingUpdateBudget({ maxUnavailable: "10%" }, 15)).toEqual({ maxSurge: 0, maxUnavailable: 2 });
    expect(rollingUpdateBudget({ maxSurge: "25%", maxUnavailable: 0 }, 6)).toEqual({ maxSurge: 2, maxUnavailable: 0 });
    expect(rollingUpdateBudget({ maxSurge: 0, maxUnavailable: 0 }, 3)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it("an unavailable old pod is replaced at once, outside the budget", () => {
    const pod = (name: string) => ({ metadata: { name } }) as Pod;
    const nodes = [
      { node: "a", oldPod: pod("broken"), ambiguous: false },
      { node: "b", oldPod: pod("ok-1"), ambiguous: false },
      { node: "c", oldPod: pod("ok-2"), ambiguous: false },
    ];
    const plan = planRollingUpdate(nodes, { maxSurge: 0, maxUnavailable: 1 }, (p) => p.metadata.name !== "broken");
    // The broken pod uses up the one unavailable slot: no healthy pod is taken this round.
    expect(plan).toEqual({ deletePods: ["broken"], createOnNodes: [] });
  });
});
