/**
 * QoS classes as pkg/apis/core/helper/qos ComputePodQOS assigns them (and
 * https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/): decided from the summed cpu and memory
 * requests and limits of all containers, init containers included.
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "./kinds.js";
import type { Pod } from "./types.js";
import { createWorld } from "../world/create.js";

const POD = kindNamed("Pod")!;
const both = (cpu: string, memory: string) => ({ cpu, memory });

function qos(containers: object[], initContainers: object[] = []): string {
  const w = createWorld("bare");
  const named = (list: object[], prefix: string) => list.map((resources, i) => ({ name: `${prefix}${i}`, image: "nginx:1.27", resources }));
  const r = w.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: named(containers, "c"), initContainers: named(initContainers, "i") } } as never, "default");
  if (!r.ok) throw new Error(r.error.message);
  return String((r.value as Pod).status?.qosClass);
}

describe("QoS class (ComputePodQOS)", () => {
  it("no requests or limits anywhere: BestEffort; zero values do not count", () => {
    expect(qos([{}])).toBe("BestEffort");
    expect(qos([{ requests: { cpu: "0" } }])).toBe("BestEffort");
  });
  it("limits only (requests default to them) on every container: Guaranteed", () => {
    expect(qos([{ limits: both("500m", "128Mi") }, { limits: both("1", "1Gi") }])).toBe("Guaranteed");
  });
  it("equal quantities written differently are equal (0.5 = 500m, 1024Mi = 1Gi)", () => {
    expect(qos([{ requests: both("0.5", "1024Mi"), limits: both("500m", "1Gi") }])).toBe("Guaranteed");
  });
  it("one container without a memory limit makes the pod Burstable", () => {
    expect(qos([{ limits: both("500m", "128Mi") }, { limits: { cpu: "500m" } }])).toBe("Burstable");
  });
  it("an init container counts: a BestEffort init container in a pod of Guaranteed containers makes it Burstable", () => {
    expect(qos([{ limits: both("500m", "128Mi") }], [{}])).toBe("Burstable");
    expect(qos([{}], [{ requests: { memory: "64Mi" } }])).toBe("Burstable");
  });
});
