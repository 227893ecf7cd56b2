/**
 * DefaultPreemption, the PostFilter that runs when no node fits: it looks for
 * a node where evicting lower-priority pods would let the pod fit, and says
 * why not when there is none. Its message is what follows "preemption:" in a
 * FailedScheduling event.
 * Upstream (1.32): pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go
 * (SelectVictimsOnNode, PodEligibleToPreemptOthers) and
 * pkg/scheduler/framework/preemption/preemption.go (Preempt, findCandidates,
 * DryRunPreemption, pickOneNodeForPreemption).
 * https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
 *
 * PodDisruptionBudgets (filterPodsWithPDBViolation): victims whose eviction would overdraw a
 * budget's disruptionsAllowed are reprieved first, and the node with the fewest such
 * violations wins; the budgets come from the caller (`preempt`'s last argument; scheduler.ts
 * does not pass them yet, so until it does no victim counts as violating one).
 *
 * Not modelled: pods nominated to a node by an earlier preemption, extenders, and the
 * random offset upstream uses to pick which nodes to dry-run first (we try
 * every potential node, which upstream also does below 100 nodes).
 */
import type { Pod } from "../api/types.js";
import { pdbSelectsForEviction, type PodDisruptionBudget } from "../api/policy/pod-disruption-budget.js";
import { unresolvable, type ClusterView, type NodeInfo, type Status } from "./framework.js";
import { fitErrorMessage } from "./fit_error.js";
import { nodeInfoWithPods } from "./snapshot.js";

export const MSG_NOT_HELPFUL = "Preemption is not helpful for scheduling";
export const MSG_NO_VICTIMS = "No preemption victims found for incoming pod";
export const MSG_POLICY_NEVER = "not eligible due to preemptionPolicy=Never.";
export const MSG_TERMINATING_ON_NOMINATED = "not eligible due to a terminating pod on the nominated node.";

/** corev1helpers.PodPriority */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** Pods that have not started yet count as starting now, i.e. after every started pod. */
function startTimeKey(pod: Pod): string {
  return pod.status?.startTime ?? "\uffff";
}

/** util.MoreImportantPod: higher priority first, then the one that started earlier. */
function moreImportantFirst(a: Pod, b: Pod): number {
  const byPriority = podPriority(b) - podPriority(a);
  if (byPriority !== 0) return byPriority;
  const byStart = startTimeKey(a) < startTimeKey(b) ? -1 : startTimeKey(a) > startTimeKey(b) ? 1 : 0;
  return byStart || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
}

/** Runs every (non-skipped) filter on a node; the first rejection or Success. */
export type NodeFilterRunner = (pod: Pod, nodeInfo: NodeInfo, cluster: ClusterView) => Status;

export interface Candidate {
  nodeName: string;
  /** Ordered from most to least important. */
  victims: Pod[];
  /** How many victims' eviction would violate a PodDisruptionBudget (pickOneNodeForPreemption's first criterion). */
  numPDBViolations: number;
}

export interface PreemptionOutcome {
  /** The PostFilter message ("preemption: ..."), empty when a candidate was found. */
  message: string;
  /** Per potential node, why preemption there does not help. */
  nodeStatuses: ReadonlyMap<string, Status>;
  /** The node the pod would be nominated to, and whom to evict. */
  candidate?: Candidate;
}

function podTerminatingByPreemption(pod: Pod): boolean {
  if (!pod.metadata.deletionTimestamp) return false;
  const condition = (pod.status?.conditions ?? []).find((c) => c.type === "DisruptionTarget");
  return condition?.status === "True" && condition.reason === "PreemptionByScheduler";
}

/** PodEligibleToPreemptOthers: the reason the pod may not preempt, if any. */
function notEligibleReason(pod: Pod, cluster: ClusterView, statuses: ReadonlyMap<string, Status>): string | undefined {
  if (pod.spec?.preemptionPolicy === "Never") return MSG_POLICY_NEVER;
  const nominated = pod.status?.nominatedNodeName;
  if (nominated) {
    if (statuses.get(nominated)?.code === "UnschedulableAndUnresolvable") return undefined;
    const nodeInfo = cluster.allNodes.find((n) => n.name === nominated);
    const terminating = nodeInfo?.pods.some((p) => podPriority(p) < podPriority(pod) && podTerminatingByPreemption(p));
    if (terminating) return MSG_TERMINATING_ON_NOMINATED;
  }
  return undefined;
}

/**
 * filterPodsWithPDBViolation: walking the victims from the most important, each one a budget
 * selects spends one of its disruptionsAllowed (unless the API server already approved its
 * eviction: it is in disruptedPods); a victim that overdraws any budget is "violating".
 */
function splitByBudgetViolation(victims: readonly Pod[], budgets: readonly PodDisruptionBudget[]): { violating: Pod[]; nonViolating: Pod[] } {
  const allowed = budgets.map((b) => b.status?.disruptionsAllowed ?? 0);
  const violating: Pod[] = [];
  const nonViolating: Pod[] = [];
  for (const pod of victims) {
    let violated = false;
    // A pod with no labels matches no budget.
    if (Object.keys(pod.metadata.labels ?? {}).length > 0) {
      budgets.forEach((budget, i) => {
        if (budget.metadata.namespace !== pod.metadata.namespace || !pdbSelectsForEviction(budget, pod)) return;
        if (budget.status?.disruptedPods?.[pod.metadata.name] !== undefined) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}

/**
 * SelectVictimsOnNode: remove every lower-priority pod, then reprieve as many as still let the
 * pod fit: first those whose eviction would violate a budget, then the others, each group from
 * the most important.
 */
function selectVictimsOnNode(
  pod: Pod,
  nodeInfo: NodeInfo,
  cluster: ClusterView,
  runFilters: NodeFilterRunner,
  budgets: readonly PodDisruptionBudget[],
): { victims: Pod[]; numPDBViolations: number } | { status: Status } {
  const potential = nodeInfo.pods.filter((p) => podPriority(p) < podPriority(pod));
  if (potential.length === 0) return { status: unresolvable(MSG_NO_VICTIMS) };
  let remaining = nodeInfo.pods.filter((p) => !potential.includes(p));
  const without = runFilters(pod, nodeInfoWithPods(nodeInfo, remaining), cluster);
  if (without.code !== "Success") return { status: without };

  const { violating, nonViolating } = splitByBudgetViolation([...potential].sort(moreImportantFirst), budgets);
  const victims: Pod[] = [];
  const reprieve = (candidate: Pod): boolean => {
    const withCandidate = [...remaining, candidate];
    if (runFilters(pod, nodeInfoWithPods(nodeInfo, withCandidate), cluster).code === "Success") {
      remaining = withCandidate;
      return true;
    }
    victims.push(candidate);
    return false;
  };
  let numPDBViolations = 0;
  for (const candidate of violating) if (!reprieve(candidate)) numPDBViolations++;
  for (const candidate of nonViolating) reprieve(candidate);
  // Both groups were walked in order; merged, the victims go back to most important first.
  if (violating.length > 0 && nonViolating.length > 0) victims.sort(moreImportantFirst);
  return { victims, numPDBViolations };
}

/** pickOneNodeForPreemption: each criterion narrows the field until one node is left. */
function pickOneNode(candidates: readonly Candidate[]): Candidate {
  const criteria: ((c: Candidate) => number | string)[] = [
    // Fewest PodDisruptionBudget violations.
    (c) => -c.numPDBViolations,
    // Lowest highest-priority victim.
    (c) => -podPriority(c.victims[0]!),
    // Smallest sum of priorities (shifted to be non-negative, as upstream does).
    (c) => -c.victims.reduce((sum, v) => sum + podPriority(v) + 2 ** 31, 0),
    // Fewest victims.
    (c) => -c.victims.length,
  ];
  let field = [...candidates];
  for (const score of criteria) {
    const best = Math.max(...field.map((c) => score(c) as number));
    field = field.filter((c) => score(c) === best);
    if (field.length === 1) return field[0]!;
  }
  // Latest start time among each node's highest-priority victims.
  const earliestStartOfTop = (c: Candidate): string => {
    const top = podPriority(c.victims[0]!);
    return c.victims.filter((v) => podPriority(v) === top).map(startTimeKey).sort()[0]!;
  };
  const latest = field.map(earliestStartOfTop).sort().at(-1)!;
  field = field.filter((c) => earliestStartOfTop(c) === latest);
  // Upstream takes the first remaining node of a randomly offset list; we take the first in node order.
  return field[0]!;
}

export function preempt(
  pod: Pod,
  cluster: ClusterView,
  filterStatuses: ReadonlyMap<string, Status>,
  runFilters: NodeFilterRunner,
  budgets: readonly PodDisruptionBudget[] = [],
): PreemptionOutcome {
  const notEligible = notEligibleReason(pod, cluster, filterStatuses);
  if (notEligible) return { message: `preemption: ${notEligible}`, nodeStatuses: new Map() };

  // Only nodes rejected as Unschedulable (not ...AndUnresolvable, not absent) are worth a dry run.
  const potentialNodes = cluster.allNodes.filter((n) => filterStatuses.get(n.name)?.code === "Unschedulable");
  const nodeStatuses = new Map<string, Status>();
  const candidates: Candidate[] = [];
  for (const nodeInfo of potentialNodes) {
    const outcome = selectVictimsOnNode(pod, nodeInfo, cluster, runFilters, budgets);
    if (!("victims" in outcome)) nodeStatuses.set(nodeInfo.name, outcome.status);
    // No victims yet a fit contradicts the filter verdict; upstream treats it as an error and so skips the node.
    else if (outcome.victims.length > 0) candidates.push({ nodeName: nodeInfo.name, victims: outcome.victims, numPDBViolations: outcome.numPDBViolations });
  }

  if (candidates.length === 0) {
    const message = fitErrorMessage({
      numAllNodes: cluster.allNodes.length,
      nodeStatuses,
      absentNodesStatus: unresolvable(MSG_NOT_HELPFUL),
    });
    return { message: `preemption: ${message}`, nodeStatuses };
  }
  return { message: "", nodeStatuses, candidate: pickOneNode(candidates) };
}
