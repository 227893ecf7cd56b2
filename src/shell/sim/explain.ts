/**
 * `sim explain pod NAME`: why the scheduler put a pod where it did, or why it
 * is still Pending — each node's filter verdicts and, where several nodes
 * fit, their weighted scores. It reads the scheduler's last decision for the
 * pod, the record a real cluster never shows you.
 */
import { kindNamed } from "../../sim/api/kinds.js";
import type { Pod } from "../../sim/api/types.js";
import { toRfc3339 } from "../../sim/core/clock.js";
import type { NodeRecord } from "../../sim/scheduler/scheduler.js";
import { defaultProfile } from "../../sim/scheduler/registry.js";
import { SchedulerLoop } from "../../sim/world/scheduler-loop.js";
import type { World } from "../../sim/world/world.js";
import { failure, ok, type CommandResult } from "../types.js";

const POD = kindNamed("Pod")!;
export const EXPLAIN_USAGE = "Usage: sim explain pod NAME [-n NAMESPACE]";

export function explainCommand(args: string[], world: World): CommandResult {
  let namespace = "default";
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-n" || arg === "--namespace") namespace = args[++i] ?? "";
    else if (arg.startsWith("--namespace=")) namespace = arg.slice("--namespace=".length);
    else words.push(arg);
  }
  const [kind, name] = words;
  if (!(kind === "pod" || kind === "pods" || kind === "po") || !name || words.length !== 2) return failure(EXPLAIN_USAGE);

  const pod = world.api.find<Pod>(POD, namespace, name);
  if (!pod) return failure(`sim explain: pods "${name}" not found in namespace ${namespace}`);
  if (pod.metadata.annotations?.["kubernetes.io/config.mirror"]) {
    return ok(`Pod ${namespace}/${name} is a static pod: the kubelet on ${pod.spec?.nodeName} runs it from its manifests folder; no scheduler is involved.\n`);
  }
  const decision = world.loopsOfType(SchedulerLoop)?.decisions.get(pod.metadata.uid);
  if (!decision) {
    if (pod.spec?.nodeName) {
      return ok(
        `Pod ${namespace}/${name} runs on ${pod.spec.nodeName} without a scheduling decision kadet knows of: its spec.nodeName was set when it was created (no scheduler runs for such a pod), or it was placed before this session began.\n`,
      );
    }
    return ok(`Pod ${namespace}/${name} has not been through the scheduler yet (schedulerName: ${pod.spec?.schedulerName ?? "default-scheduler"}).\n`);
  }

  const lines: string[] = [];
  const at = toRfc3339(decision.at);
  if (decision.outcome === "Scheduled") lines.push(`Pod ${namespace}/${name} was scheduled to ${decision.nodeName} at ${at}.`);
  else lines.push(`Pod ${namespace}/${name} could not be scheduled (last tried ${at}):`, `  ${decision.message}`);
  lines.push("");
  const loop = world.loopsOfType(SchedulerLoop)!;
  const record = loop.recordOf(pod.metadata.uid);
  if (!record) {
    lines.push(
      `${decision.processedNodes} of ${decision.numAllNodes} nodes were filtered and ${decision.feasibleNodes} passed. kadet keeps the full table for the most recent decisions only; this one is older.`,
    );
    return ok(`${lines.join("\n")}\n`);
  }
  const width = Math.max(4, ...record.nodes.map((n) => n.node.length));
  lines.push(`Filters, in kube-scheduler's order: ${defaultProfile.filters.map((f) => f.name).join(", ")}.`);
  const skippedFilters = record.preFilter.filter((v) => v.code === "Skip").map((v) => v.plugin);
  if (skippedFilters.length > 0) lines.push(`Skipped for this pod (its PreFilter found nothing to check): ${skippedFilters.join(", ")}.`);
  const rejectedAtPreFilter = record.preFilter.find((v) => v.code !== "Success" && v.code !== "Skip");
  if (rejectedAtPreFilter) lines.push(`${rejectedAtPreFilter.plugin} rejected the pod before any node was filtered: ${rejectedAtPreFilter.reasons.join("; ")}.`);
  lines.push("");
  lines.push(`${"NODE".padEnd(width)}   FILTERS`);
  for (const node of record.nodes) lines.push(`${node.node.padEnd(width)}   ${filterSummary(node)}`);
  if (record.searchStopped) {
    lines.push(
      "",
      `kube-scheduler stopped filtering after ${record.searchStopped.evaluated} of ${decision.numAllNodes} nodes: it had found ${record.searchStopped.wanted} that fit (percentageOfNodesToScore), so the other nodes were not considered.`,
    );
  }
  const scored = record.nodes.filter((n) => n.scores !== undefined);
  if (scored.length > 0) {
    lines.push("", "Scores of the nodes that passed every filter (weighted; the highest total wins):");
    const plugins = scored[0]!.scores!.map((s) => s.plugin);
    const header = [`${"NODE".padEnd(width)}`, ...plugins, "TOTAL"];
    lines.push(header.join("   "));
    for (const node of scored) {
      const cells = plugins.map((p, i) => String(node.scores!.find((s) => s.plugin === p)?.weighted ?? "-").padEnd(header[i + 1]!.length));
      const chosen = node.node === record.selectedNode ? "   ← chosen" : "";
      lines.push([node.node.padEnd(width), ...cells, String(node.totalScore ?? 0)].join("   ") + chosen);
    }
    if (record.skippedScorePlugins.length > 0) lines.push("", `Not scoring this pod (their PreScore found nothing to weigh): ${record.skippedScorePlugins.join(", ")}.`);
    if (record.tiedNodes && record.tiedNodes.length > 1) {
      lines.push("", `${record.tiedNodes.join(", ")} tied; kadet picks the first by name (kube-scheduler picks one at random).`);
    }
  } else if (record.feasibleNodes.length === 1) {
    lines.push("", `Only ${record.feasibleNodes[0]} passed the filters, so it was chosen without scoring (as kube-scheduler does).`);
  }
  return ok(`${lines.join("\n")}\n`);
}

function filterSummary(node: NodeRecord): string {
  if (node.code === "Success") return "✓ passed";
  return `✗ ${node.rejectedBy ?? "rejected"}: ${node.reasons.join("; ")}`;
}
