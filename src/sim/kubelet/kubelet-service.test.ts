/**
 * The kubelet as a host service (issue 5 §1): while `systemctl stop kubelet` holds, that node's
 * kubelet starts no pods and writes no status; its state survives a snapshot.
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Pod } from "../api/types.js";
import { createWorld, restoreWorld } from "../world/create.js";

const POD = kindNamed("Pod")!;
const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { nodeName: "node01", containers: [{ name: "c", image: "nginx:1.27" }] } };

describe("a stopped kubelet", () => {
  it("starts no pod bound to its node until it runs again", () => {
    const world = createWorld("default");
    world.hosts.setKubelet("node01", false, world.clock.now());
    world.api.create(POD, pod, "default");
    world.advance(30);
    const waiting = world.api.find<Pod>(POD, "default", "web")!;
    expect(waiting.status?.phase ?? "Pending").toBe("Pending");
    expect(waiting.status?.containerStatuses).toBeUndefined();
    world.hosts.setKubelet("node01", true, world.clock.now());
    world.advance(30);
    expect(world.api.find<Pod>(POD, "default", "web")!.status?.phase).toBe("Running");
  });

  it("stays stopped and disabled across a snapshot", () => {
    const world = createWorld("default");
    world.hosts.setKubelet("node01", false, world.clock.now());
    world.hosts.setKubeletEnabled("node01", false);
    const restored = restoreWorld(JSON.parse(JSON.stringify(world.snapshot())));
    expect(restored.hosts.get("node01")!.kubelet).toMatchObject({ active: false, enabled: false });
    expect(restored.hosts.get("node01")!.kubelet.startedAt).toBeDefined();
  });
});

describe("a running kubelet's node status reports", () => {
  it("moves the conditions' lastHeartbeatTime every nodeStatusReportFrequency (5 min), not their transition time", () => {
    const world = createWorld("default");
    const ready = () => world.api.find(kindNamed("Node")!, undefined, "node01")!.status as { conditions: { type: string; lastHeartbeatTime: string; lastTransitionTime: string }[] };
    const before = ready().conditions.find((c) => c.type === "Ready")!;
    // The learner arrives after three days: the last report is at most 5 minutes old.
    expect(world.clock.now() - Date.parse(before.lastHeartbeatTime)).toBeLessThanOrEqual(5 * 60 * 1000);
    world.advance(5 * 60 + 1);
    const after = ready().conditions.find((c) => c.type === "Ready")!;
    expect(Date.parse(after.lastHeartbeatTime)).toBeGreaterThan(Date.parse(before.lastHeartbeatTime));
    expect(after.lastTransitionTime).toBe(before.lastTransitionTime);
    // A stopped kubelet reports nothing.
    world.hosts.setKubelet("node02", false, world.clock.now());
    const frozen = world.api.find(kindNamed("Node")!, undefined, "node02")!.status as { conditions: { type: string; lastHeartbeatTime: string }[] };
    world.advance(6 * 60);
    const later = world.api.find(kindNamed("Node")!, undefined, "node02")!.status as { conditions: { type: string; lastHeartbeatTime: string }[] };
    expect(later.conditions.find((c) => c.type === "Ready")!.lastHeartbeatTime).toBe(frozen.conditions.find((c) => c.type === "Ready")!.lastHeartbeatTime);
  });
});
