/**
 * Probes as the kubelet runs them, checked against
 * https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 * (the liveness exec example: `touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600`, its
 * events) and pkg/kubelet/prober (initial results, thresholds, startup gating), pkg/probe/http's texts.
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Event, Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";

const POD = kindNamed("Pod")!;
const EVENT = kindNamed("Event")!;

function pod(w: World, container: Record<string, unknown>) {
  const r = w.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "app" }, spec: { containers: [{ name: "app", ...container }] } }, "default");
  if (!r.ok) throw new Error(r.error.message);
}
const status = (w: World) => w.api.find<Pod>(POD, "default", "app")!.status!;
const ready = (w: World) => status(w).conditions!.find((c) => c.type === "Ready")!.status;
const events = (w: World, reason: string) => w.api.list<Event>(EVENT, "default").filter((e) => e.reason === reason).map((e) => e.message);

describe("probes", () => {
  it("the docs' liveness exec example: healthy for 30 s, then 3 failures, killed and restarted", () => {
    const w = createWorld("default");
    pod(w, { image: "busybox:1.36", args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"], livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 } });
    w.advance(30);
    expect(events(w, "Unhealthy")).toEqual([]);
    expect(status(w).containerStatuses![0]!.restartCount).toBe(0);
    w.advance(60);
    expect(events(w, "Unhealthy")).toContain("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    expect(events(w, "Killing")).toContain("Container app failed liveness probe, will be restarted");
    expect(status(w).containerStatuses![0]!.restartCount).toBeGreaterThanOrEqual(1);
  });

  it("readiness: not Ready until the probe succeeds; an httpGet on a path nginx does not serve fails with 404", () => {
    const w = createWorld("default");
    pod(w, { image: "nginx:1.27", readinessProbe: { httpGet: { path: "/nope", port: 80 }, periodSeconds: 5 } });
    w.advance(60);
    expect(status(w).phase).toBe("Running");
    expect(ready(w)).toBe("False");
    expect(status(w).containerStatuses![0]!.ready).toBe(false);
    expect(events(w, "Unhealthy")).toContain("Readiness probe failed: HTTP probe failed with statuscode: 404");
    // Readiness failures never restart the container.
    expect(status(w).containerStatuses![0]!.restartCount).toBe(0);
  });

  it("readiness on the port nginx serves: Ready", () => {
    const w = createWorld("default");
    pod(w, { image: "nginx:1.27", readinessProbe: { httpGet: { path: "/", port: 80 }, initialDelaySeconds: 5, periodSeconds: 5 } });
    w.advance(30);
    expect(ready(w)).toBe("True");
  });

  it("liveness on a wrong port: connection refused, then restarts", () => {
    const w = createWorld("default");
    pod(w, { image: "nginx:1.27", livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 3 } });
    w.advance(120);
    const ip = status(w).podIP;
    expect(events(w, "Unhealthy")).toContain(`Liveness probe failed: dial tcp ${ip}:8080: connect: connection refused`);
    expect(status(w).containerStatuses![0]!.restartCount).toBeGreaterThanOrEqual(1);
  });

  it("a startup probe gates liveness: the failing liveness probe does not run while startup fails", () => {
    const w = createWorld("default");
    pod(w, {
      image: "nginx:1.27",
      startupProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 10, failureThreshold: 30 },
      livenessProbe: { httpGet: { path: "/", port: 8081 }, periodSeconds: 10, failureThreshold: 1 },
    });
    w.advance(100);
    expect(events(w, "Unhealthy").every((m) => m?.startsWith("Startup probe failed: "))).toBe(true);
    expect(status(w).containerStatuses![0]!.started).toBe(false);
    expect(ready(w)).toBe("False");
  });

  it("after a startup probe succeeds, liveness starts at its next tick, not by replaying the ticks it skipped (prober/worker.go)", () => {
    // The slow starter of the docs' "Protect slow starting containers with startup probes":
    // a 40 s start, a startup budget of 12 x 5 s, a strict liveness probe behind it.
    const w = createWorld("default");
    const ready = ["cat", "/tmp/ready"];
    pod(w, {
      image: "busybox:1.36",
      command: ["sh", "-c", "sleep 40; touch /tmp/ready; sleep 3600"],
      startupProbe: { exec: { command: ready }, periodSeconds: 5, failureThreshold: 12 },
      livenessProbe: { exec: { command: ready }, periodSeconds: 5, failureThreshold: 3 },
    });
    w.advance(120);
    expect(events(w, "Unhealthy").filter((m) => m?.startsWith("Liveness"))).toEqual([]);
    expect(events(w, "Killing")).toEqual([]);
    expect(status(w).containerStatuses![0]!.started).toBe(true);
    expect(status(w).containerStatuses![0]!.restartCount).toBe(0);
  });
});

describe("probe state in a snapshot (issue 5: snapshots are plain JSON and round-trip exactly)", () => {
  it("a probe that never runs again is JSON-safe, and a restored world probes on as the unbroken one does", async () => {
    const { restoreWorld } = await import("../world/create.js");
    const w = createWorld("default");
    // nginx serves `/`: the startup probe succeeds once and stops; readiness keeps succeeding.
    pod(w, { image: "nginx:1.27", startupProbe: { httpGet: { path: "/", port: 80 } }, readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 5 }, livenessProbe: { exec: { command: ["cat", "/nope"] }, periodSeconds: 20 } });
    w.advance(30);
    const snapshot = w.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    const restored = restoreWorld(JSON.parse(JSON.stringify(snapshot)));
    w.advance(600);
    restored.advance(600);
    expect(events(restored, "Unhealthy")).toEqual(events(w, "Unhealthy"));
    expect(status(restored).containerStatuses).toEqual(status(w).containerStatuses);
  });
});
