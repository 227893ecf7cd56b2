/**
 * volumeClaimTemplates → claims, as pkg/controller/statefulset's getPersistentVolumeClaims,
 * createPersistentVolumeClaims and updateStorage do it.
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Event, PersistentVolumeClaim } from "../api/types.js";
import { createWorld } from "../world/create.js";
import { createClaimsForPod, podVolumesWithClaims, type StatefulSetLike } from "./persistent-volume-claims.js";

const PVC = kindNamed("PersistentVolumeClaim")!;

const set = {
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "db", namespace: "default", uid: "set-uid", resourceVersion: "1", creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: {
    selector: { matchLabels: { app: "db" } },
    volumeClaimTemplates: [{ metadata: { name: "data", labels: { tier: "storage" } }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
  },
} satisfies StatefulSetLike;

describe("StatefulSet claims", () => {
  it("names the claim <template>-<set>-<ordinal>, labels it with the selector, creates it once with the controller's event", () => {
    const w = createWorld("default");
    expect(createClaimsForPod(w, set, "db-0", 0)).toBe(true);
    expect(createClaimsForPod(w, set, "db-0", 0)).toBe(true);
    const claim = w.api.find<PersistentVolumeClaim>(PVC, "default", "data-db-0")!;
    expect(claim.metadata.labels).toEqual({ tier: "storage", app: "db" });
    // Admission still applies: the default class is filled in.
    expect(claim.spec?.storageClassName).toBe("local-path");
    const events = w.api.list<Event>(kindNamed("Event")!, "default").filter((e) => e.involvedObject.name === "db").map((e) => `${e.reason} ${e.message} x${e.count}`);
    expect(events).toEqual(["SuccessfulCreate create Claim data-db-0 Pod db-0 in StatefulSet db success x1"]);
  });

  it("updateStorage: the template's claim replaces a pod volume of the same name, other volumes stay", () => {
    const volumes = podVolumesWithClaims(set, [{ name: "data", emptyDir: {} }, { name: "cache", emptyDir: {} }], 2);
    expect(volumes).toEqual([{ name: "data", persistentVolumeClaim: { claimName: "data-db-2" } }, { name: "cache", emptyDir: {} }]);
  });
});
