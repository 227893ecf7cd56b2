/**
 * What a container uses as the kubelet's stats (cAdvisor) see it, for OOM kills, CPU
 * throttling, eviction and the Metrics API: its process model's usage (the image's idle
 * figure, or what `stress` allocates), overridden by `sim usage`. A running container whose
 * working set goes over its memory limit is OOM-killed by the kernel; CPU over the limit is
 * throttled (the container gets its limit's worth, never more) and over the node's cores is
 * bounded by them.
 * https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-limits-are-run
 */
import type { IContainer } from "kubernetes-models/v1";
import type { ResourceUsage } from "../catalog/images.js";
import { isQuantity, milliValue, unitValue } from "../core/quantity.js";
import type { ContainerRun } from "./container-run.js";

type Resources = { requests?: Record<string, unknown>; limits?: Record<string, unknown> } | undefined;

const quantityOf = (list: Record<string, unknown> | undefined, name: string): string | number | undefined => {
  const v = list?.[name];
  return (typeof v === "string" || typeof v === "number") && isQuantity(v) ? v : undefined;
};

/** A container's memory (bytes) and cpu (millicores) limits, where set. */
export function containerLimits(spec: Pick<IContainer, "resources"> | undefined): { memoryBytes?: number; milliCpu?: number } {
  const limits = (spec?.resources as Resources)?.limits;
  const memory = quantityOf(limits, "memory");
  const cpu = quantityOf(limits, "cpu");
  return { ...(memory !== undefined ? { memoryBytes: unitValue(memory) } : {}), ...(cpu !== undefined ? { milliCpu: milliValue(cpu) } : {}) };
}

/** A container's memory (bytes) and cpu (millicores) requests; 0 where unset. */
export function containerRequests(spec: Pick<IContainer, "resources"> | undefined): ResourceUsage {
  const requests = (spec?.resources as Resources)?.requests;
  const memory = quantityOf(requests, "memory");
  const cpu = quantityOf(requests, "cpu");
  return { memoryBytes: memory !== undefined ? unitValue(memory) : 0, milliCpu: cpu !== undefined ? milliValue(cpu) : 0 };
}

/** What the container's processes want right now, before any limit; undefined when no process runs. */
export function demandedUsage(c: ContainerRun): ResourceUsage | undefined {
  if (c.phase !== "running" || c.runtime?.state.status !== "running") return undefined;
  const model = c.runtime.behaviour.usage ?? { memoryBytes: 0, milliCpu: 0 };
  return { memoryBytes: c.usage?.memoryBytes ?? model.memoryBytes, milliCpu: c.usage?.milliCpu ?? model.milliCpu };
}

/** Whether the working set is over the container's memory limit: the kernel's OOM killer acts. */
export function overMemoryLimit(c: ContainerRun, spec: Pick<IContainer, "resources"> | undefined): boolean {
  const demanded = demandedUsage(c);
  const limit = containerLimits(spec).memoryBytes;
  return demanded !== undefined && limit !== undefined && demanded.memoryBytes > limit;
}

/** What the stats report: memory as demanded (under the limit, or it was killed), cpu throttled at the limit and the node's cores. */
export function observedUsage(c: ContainerRun, spec: Pick<IContainer, "resources"> | undefined, nodeMilliCpu: number): ResourceUsage | undefined {
  const demanded = demandedUsage(c);
  if (!demanded) return undefined;
  const cpuLimit = containerLimits(spec).milliCpu;
  return { memoryBytes: demanded.memoryBytes, milliCpu: Math.min(demanded.milliCpu, cpuLimit ?? Infinity, nodeMilliCpu) };
}
