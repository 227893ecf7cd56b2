/**
 * The StatefulSet controller against 1.32's (pkg/controller/statefulset;
 * https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/).
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";
import type { StatefulSet } from "./statefulset.js";

const POD = kindNamed("Pod")!;
const STS = kindNamed("StatefulSet")!;
const PVC = kindNamed("PersistentVolumeClaim")!;

function set(replicas: number, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web" },
    spec: { serviceName: "web", replicas, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } }, ...extra },
  };
}
const names = (world: World) => world.api.list<Pod>(POD, "default").filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort();

describe("StatefulSet controller", () => {
  it("OrderedReady: web-0 first, web-1 only once web-0 is Running and Ready; hostname and subdomain are stable", () => {
    const world = createWorld("default");
    expect(world.api.create(STS, set(3) as never, "default").ok).toBe(true);
    world.reconcile();
    expect(names(world)).toEqual(["web-0"]);
    world.advance(30);
    expect(names(world)).toEqual(["web-0", "web-1", "web-2"]);
    const pod = world.api.find<Pod>(POD, "default", "web-1")!;
    expect(pod.spec).toMatchObject({ hostname: "web-1", subdomain: "web" });
    expect(pod.metadata.labels).toMatchObject({ "statefulset.kubernetes.io/pod-name": "web-1", "apps.kubernetes.io/pod-index": "1" });
  });

  it("Parallel creates every pod at once", () => {
    const world = createWorld("default");
    world.api.create(STS, set(3, { podManagementPolicy: "Parallel" }) as never, "default");
    world.reconcile();
    expect(names(world)).toEqual(["web-0", "web-1", "web-2"]);
  });

  it("scale down removes the highest ordinal first, one at a time", () => {
    const world = createWorld("default");
    world.api.create(STS, set(3) as never, "default");
    world.advance(30);
    const s = world.api.find<StatefulSet>(STS, "default", "web")!;
    world.api.update(STS, { ...structuredClone(s), spec: { ...s.spec, replicas: 1 } } as never);
    world.reconcile();
    const terminating = world.api.list<Pod>(POD, "default").filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name);
    expect(terminating).toEqual(["web-2"]);
    world.advance(120);
    expect(names(world)).toEqual(["web-0"]);
  });

  it("a volumeClaimTemplate becomes the claim <template>-<set>-<ordinal>, mounted by that pod", () => {
    const world = createWorld("default");
    const claims = [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }];
    world.api.create(STS, set(1, { volumeClaimTemplates: claims }) as never, "default");
    world.reconcile();
    expect(world.api.find(PVC, "default", "data-web-0")?.metadata.labels).toEqual({ app: "web" });
    expect(world.api.find<Pod>(POD, "default", "web-0")!.spec?.volumes).toContainEqual({ name: "data", persistentVolumeClaim: { claimName: "data-web-0" } });
  });

  it("RollingUpdate with a partition updates only the ordinals at or above it, highest first", () => {
    const world = createWorld("default");
    world.api.create(STS, set(3, { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } }) as never, "default");
    world.advance(30);
    const before = world.api.find<StatefulSet>(STS, "default", "web")!;
    const next = structuredClone(before) as StatefulSet & { spec: { template: { spec: { containers: { image: string }[] } } } };
    next.spec.template.spec.containers[0]!.image = "nginx:1.28";
    world.api.update(STS, next as never);
    world.advance(60);
    const image = (n: string) => world.api.find<Pod>(POD, "default", n)!.spec?.containers[0]?.image;
    expect([image("web-0"), image("web-1"), image("web-2")]).toEqual(["nginx:1.27", "nginx:1.28", "nginx:1.28"]);
    const status = world.api.find<StatefulSet>(STS, "default", "web")!.status!;
    expect(status.updatedReplicas).toBe(2);
    expect(status.currentRevision).not.toBe(status.updateRevision);
  });

  it("OnDelete leaves pods alone until they are deleted, then recreates them from the update revision", () => {
    const world = createWorld("default");
    world.api.create(STS, set(2, { updateStrategy: { type: "OnDelete" } }) as never, "default");
    world.advance(30);
    const next = structuredClone(world.api.find<StatefulSet>(STS, "default", "web")!) as StatefulSet & { spec: { template: { spec: { containers: { image: string }[] } } } };
    next.spec.template.spec.containers[0]!.image = "nginx:1.28";
    world.api.update(STS, next as never);
    world.advance(60);
    expect(world.api.find<Pod>(POD, "default", "web-1")!.spec?.containers[0]?.image).toBe("nginx:1.27");
    world.api.delete(POD, "default", "web-1");
    world.advance(60);
    expect(world.api.find<Pod>(POD, "default", "web-1")!.spec?.containers[0]?.image).toBe("nginx:1.28");
  });
});
