/**
 * The replica calculator's arithmetic (pkg/controller/podautoscaler/replica_calculator.go and
 * its replica_calculator_test.go cases: scale up, tolerance, missing requests, unready pods) on
 * plain pods and metrics.
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../api/types.js";
import type { PodMetrics } from "../metrics/metrics-api.js";
import { resourceReplicas } from "./hpa-replica-calculator.js";

const NOW = Date.parse("2026-01-04T10:00:00Z");
const LONG_AGO = "2026-01-04T09:00:00Z";
function pod(name: string, request: string | undefined, ready = true): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", uid: name, resourceVersion: "1", creationTimestamp: LONG_AGO },
    spec: { containers: [{ name: "c", image: "nginx", ...(request ? { resources: { requests: { cpu: request } } } : {}) }] },
    status: { phase: "Running", startTime: LONG_AGO, conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: LONG_AGO }] },
  } as unknown as Pod;
}
const usage = (name: string, milliCpu: number): PodMetrics => ({ namespace: "default", name, containers: [{ name: "c", usage: { milliCpu, memoryBytes: 0 } }] });

describe("resourceReplicas (GetResourceReplicas)", () => {
  it("scale up: three pods at 90% of 100m against a 50% target → ceil(3 × 1.8) = 6 (utilization 90)", () => {
    const r = resourceReplicas(3, { utilization: 50 }, "cpu", [pod("a", "100m"), pod("b", "100m"), pod("c", "100m")], [usage("a", 90), usage("b", 90), usage("c", 90)], NOW);
    expect(r).toEqual({ ok: true, replicas: 6, utilization: 90, rawMilli: 90 });
  });
  it("within the tolerance (ratio 1.08) the current count stays", () => {
    const r = resourceReplicas(2, { utilization: 50 }, "cpu", [pod("a", "100m"), pod("b", "100m")], [usage("a", 54), usage("b", 54)], NOW);
    expect(r).toMatchObject({ ok: true, replicas: 2, utilization: 54 });
  });
  it("a container without a request: the upstream error", () => {
    const r = resourceReplicas(1, { utilization: 50 }, "cpu", [pod("a", undefined)], [usage("a", 10)], NOW);
    expect(r).toEqual({ ok: false, error: "missing request for cpu in container c of Pod a" });
  });
  it("an unready pod counts as using nothing on a scale-up: 2 ready at 100% + 1 unready → ceil(3 × 200/300 / 0.5) = 4", () => {
    const r = resourceReplicas(3, { utilization: 50 }, "cpu", [pod("a", "100m"), pod("b", "100m"), pod("c", "100m", false)], [usage("a", 100), usage("b", 100), usage("c", 0)], NOW);
    expect(r).toMatchObject({ ok: true, replicas: 4 });
  });
  it("an average-value target: 2 pods at 300m against 200m → 3", () => {
    const r = resourceReplicas(2, { averageMilli: 200 }, "cpu", [pod("a", "100m"), pod("b", "100m")], [usage("a", 300), usage("b", 300)], NOW);
    expect(r).toMatchObject({ ok: true, replicas: 3, rawMilli: 300 });
  });
  it("no pods: the selector error", () => {
    expect(resourceReplicas(1, { utilization: 50 }, "cpu", [], [], NOW)).toEqual({ ok: false, error: "no pods returned by selector while calculating replica count" });
  });
});
