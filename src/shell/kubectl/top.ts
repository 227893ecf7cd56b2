/**
 * `kubectl top pod|node`: the Metrics API's usage as kubectl 1.32 prints it
 * (staging/src/k8s.io/kubectl/pkg/cmd/top/top_pod.go, top_node.go and
 * pkg/metricsutil/metrics_printer.go): CPU in millicores (`250m`), memory in whole MiB
 * (`128Mi`), node percentages of allocatable (capacity with --show-capacity), every cell
 * tab-terminated (so lines end in the tabwriter's padding), sorted by name or, with
 * --sort-by, by cpu or memory, largest first, with Go's sort.Sort.
 * The Metrics API is metrics-server's (`sim addon enable metrics-server`).
 */
import { kindNamed } from "../../sim/api/kinds.js";
import type { Node, Pod } from "../../sim/api/types.js";
import type { ResourceUsage } from "../../sim/catalog/images.js";
import { matches } from "../../sim/core/labels.js";
import { milliValue, unitValue } from "../../sim/core/quantity.js";
import { getPodMetrics, listNodeMetrics, listPodMetrics, metricsApiError, type PodMetrics } from "../../sim/metrics/metrics-api.js";
import { failure, ok, type CommandResult } from "../types.js";
import { goSort } from "./go-sort.js";
import { formatGoDuration } from "./node-maintenance.js";
import { formatTabular } from "./printers/table.js";
import { parseSelectorFlag } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";
import { parseTimestamp } from "../../sim/core/clock.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;
/** top_pod.go metricsCreationDelay: younger pods without metrics are "not available yet". */
const METRICS_CREATION_DELAY_MS = 2 * 60 * 1000;

const cpuText = (u: ResourceUsage) => `${u.milliCpu}m`;
const memoryText = (u: ResourceUsage) => `${Math.floor(u.memoryBytes / (1024 * 1024))}Mi`;

/** Every cell ends in a tab (printValue's "%v\t"), so the last column is padded too. */
const tabulate = (lines: string[][]) => formatTabular(lines.map((l) => [...l, ""]));

function sortError(sortBy: string): string | undefined {
  return sortBy !== "" && sortBy !== "cpu" && sortBy !== "memory" ? "error: --sort-by accepts only cpu or memory" : undefined;
}

function lessBy<T>(sortBy: string, usage: (x: T) => ResourceUsage, byName: (a: T, b: T) => boolean): (a: T, b: T) => boolean {
  if (sortBy === "cpu") return (a, b) => usage(a).milliCpu > usage(b).milliCpu;
  if (sortBy === "memory") return (a, b) => usage(a).memoryBytes > usage(b).memoryBytes;
  return byName;
}

function podTotal(m: PodMetrics): ResourceUsage {
  return m.containers.reduce((t, c) => ({ memoryBytes: t.memoryBytes + c.usage.memoryBytes, milliCpu: t.milliCpu + c.usage.milliCpu }), { memoryBytes: 0, milliCpu: 0 });
}

export const topPodVerb = defineVerb({
  name: "pod",
  aliases: ["pods", "po"],
  helpKey: "top-pod",
  execute: (ctx) => topPod(ctx),
});

function topPod(ctx: KubectlContext): CommandResult {
  if (ctx.args.length > 1) return failure(`error: pod [NAME | -l label]\nSee 'kubectl top pod -h' for help and examples`);
  const name = ctx.args[0];
  const sortBy = ctx.flags.string("sort-by");
  const invalid = sortError(sortBy);
  if (invalid) return failure(invalid);
  const selectorText = ctx.flags.string("selector");
  if (name !== undefined && (selectorText !== "" || ctx.flags.string("field-selector") !== "")) return failure("error: only one of NAME or selector can be provided");
  if (ctx.flags.string("field-selector") !== "") return failure("kadet: 'kubectl top pod --field-selector' is not simulated yet");
  const selector = parseSelectorFlag(selectorText);
  if (!selector.ok) return failure(selector.error);
  const all = ctx.flags.bool("all-namespaces");
  const apiError = metricsApiError(ctx.world, "pods");
  if (apiError !== undefined) return failure(metricsApiRegistered(apiError) ? `Error from server (ServiceUnavailable): ${apiError}` : "error: Metrics API not available");

  let metrics: PodMetrics[];
  if (name !== undefined) {
    const one = getPodMetrics(ctx.world, ctx.namespace, name);
    if (!one) return failure(`Error from server (NotFound): podmetrics.metrics.k8s.io "${ctx.namespace}/${name}" not found`);
    metrics = [one];
  } else metrics = listPodMetrics(ctx.world, all ? undefined : ctx.namespace, selector.selector);

  let stderr = "";
  if (metrics.length === 0) {
    // verifyEmptyMetrics: pods that should have metrics by now, or that are too young to.
    const pods = ctx.world.api.list<Pod>(POD, ctx.namespace, selector.selector ? { labelSelector: selector.selector } : {});
    const now = ctx.world.clock.now();
    for (const p of pods) {
      const age = now - parseTimestamp(String(p.metadata.creationTimestamp));
      if (age > METRICS_CREATION_DELAY_MS) return failure(`error: Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${formatGoDuration(age / 1000)}`);
    }
    if (pods.length > 0) return failure("error: metrics not available yet");
    stderr = all ? "No resources found\n" : `No resources found in ${ctx.namespace} namespace.\n`;
  }
  return { stdout: printPodMetrics(metrics, { containers: ctx.flags.bool("containers"), withNamespace: all, noHeaders: ctx.flags.bool("no-headers"), sortBy, sum: ctx.flags.bool("sum") }), stderr, exitCode: 0 };
}

/** A ServiceUnavailable answer means the API is registered (discovery lists metrics.k8s.io) but does not answer. */
function metricsApiRegistered(error: string): boolean {
  return error.startsWith("the server is currently unable");
}

/** TopCmdPrinter.PrintPodMetrics. */
export function printPodMetrics(metrics: PodMetrics[], o: { containers: boolean; withNamespace: boolean; noHeaders: boolean; sortBy: string; sum: boolean }): string {
  if (metrics.length === 0) return "";
  const lines: string[][] = [];
  let columnWidth = 3;
  if (!o.noHeaders) {
    const header: string[] = [];
    if (o.withNamespace) header.push("NAMESPACE");
    if (o.containers) header.push("POD");
    lines.push([...header, "NAME", "CPU(cores)", "MEMORY(bytes)"]);
    columnWidth += header.length;
  }
  const byName = (a: PodMetrics, b: PodMetrics) => (o.withNamespace && a.namespace !== b.namespace ? a.namespace < b.namespace : a.name < b.name);
  const sorted = goSort([...metrics], lessBy(o.sortBy, podTotal, byName));
  for (const m of sorted) {
    const prefix = o.withNamespace ? [m.namespace] : [];
    if (o.containers) {
      const containers = goSort([...m.containers], lessBy(o.sortBy, (c) => c.usage, (a, b) => a.name < b.name));
      for (const c of containers) lines.push([...prefix, m.name, c.name, cpuText(c.usage), memoryText(c.usage)]);
    } else {
      const total = podTotal(m);
      lines.push([...prefix, m.name, cpuText(total), memoryText(total)]);
    }
  }
  if (o.sum) {
    // printPodResourcesSum: underlines under the two usage columns, then the totals.
    const total = metrics.map(podTotal).reduce((t, u) => ({ memoryBytes: t.memoryBytes + u.memoryBytes, milliCpu: t.milliCpu + u.milliCpu }), { memoryBytes: 0, milliCpu: 0 });
    lines.push([...Array<string>(Math.max(0, columnWidth - 2)).fill(""), "________", "________"]);
    lines.push([...Array<string>(Math.max(0, columnWidth - 3)).fill(""), "", cpuText(total), memoryText(total)]);
  }
  return tabulate(lines);
}

export const topNodeVerb = defineVerb({
  name: "node",
  aliases: ["nodes", "no"],
  helpKey: "top-node",
  execute: (ctx) => topNode(ctx),
});

function topNode(ctx: KubectlContext): CommandResult {
  if (ctx.args.length > 1) return failure(`error: node [NAME | -l label]\nSee 'kubectl top node -h' for help and examples`);
  const name = ctx.args[0];
  const sortBy = ctx.flags.string("sort-by");
  const invalid = sortError(sortBy);
  if (invalid) return failure(invalid);
  const selectorText = ctx.flags.string("selector");
  if (name !== undefined && selectorText !== "") return failure("error: only one of NAME or --selector can be provided");
  const selector = parseSelectorFlag(selectorText);
  if (!selector.ok) return failure(selector.error);
  const apiError = metricsApiError(ctx.world, "nodes");
  if (apiError !== undefined) return failure(metricsApiRegistered(apiError) ? `Error from server (ServiceUnavailable): ${apiError}` : "error: Metrics API not available");

  let nodes = ctx.world.api.list<Node>(NODE);
  if (selector.selector) nodes = nodes.filter((n) => matches(n.metadata.labels, selector.selector!));
  let metrics = listNodeMetrics(ctx.world).filter((m) => nodes.some((n) => n.metadata.name === m.name));
  if (name !== undefined) {
    metrics = metrics.filter((m) => m.name === name);
    if (metrics.length === 0) return failure(`Error from server (NotFound): nodemetrics.metrics.k8s.io "${name}" not found`);
    nodes = nodes.filter((n) => n.metadata.name === name);
  }
  if (metrics.length === 0) return failure("error: metrics not available yet");
  const field = ctx.flags.bool("show-capacity") ? "capacity" : "allocatable";
  const available = new Map(nodes.map((n) => [n.metadata.name, (n.status?.[field] ?? {}) as Record<string, string>]));
  const lines: string[][] = [];
  if (!ctx.flags.bool("no-headers")) lines.push(["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]);
  const sorted = goSort([...metrics], lessBy(sortBy, (m) => m.usage, (a, b) => a.name < b.name));
  const percent = (used: number, of: string | undefined, toMilli: (q: string) => number) => {
    const total = of === undefined ? 0 : toMilli(of);
    return `${total === 0 ? 0 : Math.trunc((used / total) * 100)}%`;
  };
  for (const m of sorted) {
    const a = available.get(m.name) ?? {};
    lines.push([m.name, cpuText(m.usage), percent(m.usage.milliCpu, a.cpu, milliValue), memoryText(m.usage), percent(m.usage.memoryBytes, a.memory, unitValue)]);
  }
  // Nodes metrics-server could not scrape (a stopped kubelet): printMissingMetricsNodeLine.
  for (const n of nodes) if (!metrics.some((m) => m.name === n.metadata.name)) lines.push([n.metadata.name, "<unknown>", "<unknown>", "<unknown>", "<unknown>"]);
  return ok(tabulate(lines));
}

export const topVerb = defineVerb({
  name: "top",
  helpKey: "top",
  subcommands: [topNodeVerb, topPodVerb],
});
