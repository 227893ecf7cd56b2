/**
 * The taint eviction controller: a pod bound to a node with a NoExecute taint
 * it does not tolerate is deleted at once; one that tolerates every such taint
 * stays for the shortest tolerationSeconds among the tolerations used (for
 * ever when none sets it). Removing the taint in time cancels the eviction.
 * Upstream: pkg/controller/tainteviction/taint_eviction.go (processPodOnNode,
 * getMinTolerationTime, emitPodDeletionEvent, addConditionAndDeletePod) and
 * v1helper.GetMatchingTolerations.
 * https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions
 */
import { kindNamed } from "../api/kinds.js";
import type { StoredObject } from "../api/types.js";
import { toleratesTaint, type Taint, type Toleration } from "../scheduler/plugins/tainttoleration/taint_toleration.js";
import type { StatefulLoop } from "../core/loop.js";
import type { World } from "../world/world.js";

const NODE = kindNamed("Node")!;
const POD = kindNamed("Pod")!;
const SOURCE = { component: "taint-eviction-controller" };
export const EVICTION_REASON = "TaintManagerEviction";

/** An eviction waiting for a toleration to run out, keyed by namespace/name. */
interface ScheduledEviction {
  uid: string;
  createdAt: number;
  fireAt: number;
}

interface TaintEvictionState {
  scheduled: Record<string, ScheduledEviction>;
}

/**
 * v1helper.GetMatchingTolerations: whether every taint is tolerated, and for
 * each taint the first toleration that tolerates it.
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const match = tolerations.find((t) => toleratesTaint(t, taint));
    if (!match) return { allTolerated: false, used: [] };
    used.push(match);
  }
  return { allTolerated: true, used };
}

/** getMinTolerationTime, in seconds: 0 without tolerations, -1 (for ever) when none sets tolerationSeconds. */
export function minTolerationSeconds(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    min = Math.min(min, Math.max(0, t.tolerationSeconds));
  }
  return min === Infinity ? -1 : min;
}

export class TaintEvictionController implements StatefulLoop<World> {
  readonly name = "taint-eviction-controller";
  private state: TaintEvictionState = { scheduled: {} };

  saveState(): unknown {
    return this.state;
  }

  loadState(state: unknown): void {
    this.state = state as TaintEvictionState;
  }

  nextWakeAt(): number | undefined {
    const times = Object.values(this.state.scheduled).map((s) => s.fireAt);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  reconcile(world: World): boolean {
    const now = world.clock.now();
    let changed = false;
    const seen = new Set<string>();
    for (const node of world.api.list(NODE)) {
      const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t.effect === "NoExecute");
      if (taints.length === 0) continue;
      for (const pod of world.api.list(POD, undefined, { fieldSelector: { "spec.nodeName": node.metadata.name } })) {
        if (pod.metadata.deletionTimestamp) continue;
        const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
        const tolerations = (pod.spec as { tolerations?: Toleration[] } | undefined)?.tolerations ?? [];
        const { allTolerated, used } = matchingTolerations(taints, tolerations);
        const seconds = allTolerated ? minTolerationSeconds(used) : 0;
        if (seconds < 0) continue;
        seen.add(key);
        const existing = this.state.scheduled[key];
        if (seconds === 0) {
          changed = this.evict(world, pod) || changed;
          delete this.state.scheduled[key];
          continue;
        }
        // processPodOnNode keeps an eviction already scheduled for the same pod.
        if (existing && existing.uid === pod.metadata.uid) continue;
        this.state.scheduled[key] = { uid: pod.metadata.uid, createdAt: now, fireAt: now + seconds * 1000 };
      }
    }
    for (const [key, scheduled] of Object.entries(this.state.scheduled)) {
      const [namespace, name] = key.split("/") as [string, string];
      const pod = world.api.find(POD, namespace, name);
      if (!pod || pod.metadata.uid !== scheduled.uid || pod.metadata.deletionTimestamp) {
        delete this.state.scheduled[key];
        continue;
      }
      if (!seen.has(key)) {
        // The taint went (or is now tolerated for ever) before the toleration ran out.
        delete this.state.scheduled[key];
        world.events.record(pod, "Normal", EVICTION_REASON, `Cancelling deletion of Pod ${key}`, SOURCE);
        changed = true;
        continue;
      }
      if (scheduled.fireAt <= now) {
        delete this.state.scheduled[key];
        changed = this.evict(world, pod) || changed;
      }
    }
    return changed;
  }

  /** The queue's handler: the event, a DisruptionTarget condition, then an ordinary (graceful) delete. */
  private evict(world: World, pod: StoredObject): boolean {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    world.events.record(pod, "Normal", EVICTION_REASON, `Marking for deletion Pod ${key}`, SOURCE);
    const status = structuredClone((pod.status ?? {}) as { conditions?: Record<string, unknown>[] });
    const conditions = (status.conditions ?? []).filter((c) => c.type !== "DisruptionTarget");
    conditions.push({
      type: "DisruptionTarget",
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: world.clock.nowIso(),
      reason: "DeletionByTaintManager",
      message: "Taint manager: deleting due to NoExecute taint",
    });
    world.api.updateStatus(POD, { ...structuredClone(pod), status: { ...status, conditions } });
    world.api.delete(POD, pod.metadata.namespace, pod.metadata.name);
    return true;
  }
}
