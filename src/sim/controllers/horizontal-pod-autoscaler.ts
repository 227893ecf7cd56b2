/**
 * The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler/horizontal.go), for
 * Resource metrics (cpu, memory; Utilization or AverageValue targets) read from the Metrics API.
 * Every HPA syncs when it is created or changed and then every 15 s
 * (--horizontal-pod-autoscaler-sync-period): it reads the target's scale, computes a proposal
 * per metric (hpa-replica-calculator.ts) and takes the largest, keeps the highest
 * recommendation of the last 5 minutes when scaling down (the downscale stabilization window,
 * or behavior's stabilizationWindowSeconds), bounds it by minReplicas, maxReplicas and the
 * scale-up limit max(2×current, 4), writes the target's replicas and the HPA's status and
 * conditions (AbleToScale, ScalingActive, ScalingLimited) with upstream's reasons and events.
 * Behavior policies (rate limits) are not simulated (apply and create warn).
 * https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
import { kindNamed, type KindInfo } from "../api/kinds.js";
import type { Pod, StoredObject } from "../api/types.js";
import { toRfc3339 } from "../core/clock.js";
import { fromLabelSelector } from "../core/labels.js";
import type { StatefulLoop } from "../core/loop.js";
import { canonicalQuantity, isQuantity, milliValue } from "../core/quantity.js";
import { controlPlaneComponentRunning } from "../kubelet/static-pods.js";
import { listPodMetrics, metricsApiError } from "../metrics/metrics-api.js";
import type { World } from "../world/world.js";
import { resourceReplicas } from "./hpa-replica-calculator.js";

const HPA = kindNamed("HorizontalPodAutoscaler")!;
const POD = kindNamed("Pod")!;
const SOURCE = { component: "horizontal-pod-autoscaler" };
/** --horizontal-pod-autoscaler-sync-period and --horizontal-pod-autoscaler-downscale-stabilization defaults. */
export const HPA_SYNC_PERIOD_MS = 15_000;
export const DOWNSCALE_STABILIZATION_MS = 5 * 60_000;
const SCALABLE: Record<string, KindInfo> = {
  Deployment: kindNamed("Deployment")!,
  ReplicaSet: kindNamed("ReplicaSet")!,
  StatefulSet: kindNamed("StatefulSet")!,
  ReplicationController: kindNamed("ReplicationController")!,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;
type Condition = { type: string; status: string; reason: string; message: string; lastTransitionTime?: string };

interface HpaState {
  /** When each HPA (by uid) syncs next, and the generation it last synced. */
  next: Record<string, { at: number; generation: number }>;
  /** Each HPA's recent recommendations, for the stabilization windows. */
  recommendations: Record<string, { at: number; replicas: number }[]>;
}

export class HorizontalPodAutoscalerController implements StatefulLoop<World> {
  readonly name = "horizontal-pod-autoscaler";
  private state: HpaState = { next: {}, recommendations: {} };

  saveState(): unknown {
    return this.state;
  }
  loadState(state: unknown): void {
    this.state = state as HpaState;
  }

  nextWakeAt(): number | undefined {
    let earliest: number | undefined;
    for (const n of Object.values(this.state.next)) if (earliest === undefined || n.at < earliest) earliest = n.at;
    return earliest;
  }

  reconcile(world: World): boolean {
    const hpas = world.api.list(HPA);
    const now = world.clock.now();
    const live = new Set(hpas.map((h) => h.metadata.uid));
    for (const uid of Object.keys(this.state.next)) if (!live.has(uid)) {
      delete this.state.next[uid];
      delete this.state.recommendations[uid];
    }
    const due = hpas.filter((h) => {
      const n = this.state.next[h.metadata.uid];
      return !n || n.at <= now || n.generation !== (h.metadata.generation ?? 0);
    });
    if (due.length === 0 || !controlPlaneComponentRunning(world, "kube-controller-manager")) return false;
    let changed = false;
    for (const hpa of due) {
      this.state.next[hpa.metadata.uid] = { at: now + HPA_SYNC_PERIOD_MS, generation: hpa.metadata.generation ?? 0 };
      changed = this.sync(world, hpa, now) || changed;
    }
    return changed;
  }

  private sync(world: World, hpa: StoredObject, now: number): boolean {
    const spec = (hpa.spec ?? {}) as Obj;
    const namespace = hpa.metadata.namespace ?? "default";
    const conditions: Condition[] = structuredClone(((hpa.status as Obj | undefined)?.conditions ?? []) as Condition[]);
    const setCondition = (type: string, status: string, reason: string, message: string) => {
      const at = toRfc3339(now);
      const existing = conditions.find((c) => c.type === type);
      if (existing) {
        if (existing.status !== status) existing.lastTransitionTime = at;
        Object.assign(existing, { status, reason, message });
      } else conditions.push({ type, status, reason, message, lastTransitionTime: at });
    };
    const event = (type: "Normal" | "Warning", reason: string, message: string) => world.events.record(hpa, type, reason, message, SOURCE);
    const ref = (spec.scaleTargetRef ?? {}) as Obj;
    const kind = SCALABLE[String(ref.kind)];
    const target = kind ? world.api.find(kind, namespace, String(ref.name)) : undefined;
    const status = structuredClone((hpa.status ?? {}) as Obj);
    const write = () => {
      const updated = world.api.updateStatus(HPA, { ...hpa, status: { ...status, conditions, observedGeneration: hpa.metadata.generation } });
      return updated.ok;
    };
    if (!kind || !target) {
      const error = kind ? `${kind.group ? `${kind.plural}.${kind.group}` : kind.plural} "${ref.name}" not found` : `no matches for kind "${ref.kind}" in group "${String(ref.apiVersion ?? "").split("/")[0]}"`;
      event("Warning", "FailedGetScale", error);
      setCondition("AbleToScale", "False", "FailedGetScale", `the HPA controller was unable to get the target's current scale: ${error}`);
      return write();
    }
    setCondition("AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale");
    const currentReplicas = Number((target.spec as Obj | undefined)?.replicas ?? 1);
    const minReplicas = Number(spec.minReplicas ?? 1);
    const maxReplicas = Number(spec.maxReplicas ?? 0);
    let desired = currentReplicas;
    let rescaleReason = "";
    let rescale = true;
    let currentMetrics: Obj[] | undefined = status.currentMetrics;
    if (currentReplicas === 0 && minReplicas !== 0) {
      desired = 0;
      rescale = false;
      setCondition("ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
    } else if (currentReplicas > maxReplicas) {
      rescaleReason = "Current number of replicas above Spec.MaxReplicas";
      desired = maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = "Current number of replicas below Spec.MinReplicas";
      desired = minReplicas;
    } else {
      const computed = this.computeReplicasForMetrics(world, hpa, target, currentReplicas, now, setCondition, event);
      currentMetrics = computed.statuses;
      if (!computed.ok) {
        status.currentReplicas = currentReplicas;
        status.currentMetrics = currentMetrics;
        event("Warning", "FailedComputeMetricsReplicas", computed.error);
        return write();
      }
      setCondition("ScalingActive", "True", "ValidMetricFound", `the HPA was able to successfully calculate a replica count from ${computed.metricName}`);
      if (computed.replicas > currentReplicas) rescaleReason = `${computed.metricName} above target`;
      if (computed.replicas < currentReplicas) rescaleReason = "All metrics below target";
      desired = this.normalize(hpa, currentReplicas, computed.replicas, minReplicas, maxReplicas, now, setCondition);
      rescale = desired !== currentReplicas;
    }
    if (rescale) {
      const updated = world.api.update(kind, { ...target, spec: { ...(target.spec as Obj), replicas: desired } } as StoredObject);
      if (!updated.ok) {
        event("Warning", "FailedRescale", `New size: ${desired}; reason: ${rescaleReason}; error: ${updated.error.message}`);
        setCondition("AbleToScale", "False", "FailedUpdateScale", `the HPA controller was unable to update the target scale: ${updated.error.message}`);
        return write();
      }
      setCondition("AbleToScale", "True", "SucceededRescale", `the HPA controller was able to update the target scale to ${desired}`);
      event("Normal", "SuccessfulRescale", `New size: ${desired}; reason: ${rescaleReason}`);
      status.lastScaleTime = toRfc3339(now);
    }
    status.currentReplicas = currentReplicas;
    status.desiredReplicas = desired;
    if (currentMetrics) status.currentMetrics = currentMetrics;
    const before = JSON.stringify({ s: hpa.status ?? {} });
    const after = JSON.stringify({ s: { ...status, conditions, observedGeneration: hpa.metadata.generation } });
    return before === after ? false : write();
  }

  /** computeReplicasForMetrics: each metric's proposal, the largest wins; all invalid is an error. */
  private computeReplicasForMetrics(
    world: World,
    hpa: StoredObject,
    target: StoredObject,
    currentReplicas: number,
    now: number,
    setCondition: (type: string, status: string, reason: string, message: string) => void,
    event: (type: "Normal" | "Warning", reason: string, message: string) => void,
  ): { ok: true; replicas: number; metricName: string; statuses: Obj[] } | { ok: false; error: string; statuses: Obj[] } {
    const metrics = ((hpa.spec as Obj).metrics ?? []) as Obj[];
    const namespace = hpa.metadata.namespace ?? "default";
    const selector = fromLabelSelector((target.spec as Obj | undefined)?.selector);
    let replicas = 0;
    let metricName = "";
    let invalid = 0;
    let firstError = "";
    let firstCondition: [string, string] | undefined;
    const statuses: Obj[] = [];
    for (const metric of metrics) {
      const fail = (reason: string, error: string, wrap: string) => {
        event("Warning", reason, error);
        firstCondition ??= [reason, `the HPA was unable to compute the replica count: ${error}`];
        if (invalid === 0) firstError = `${wrap}${error}`;
        invalid++;
        statuses.push({ type: "" });
      };
      if (metric.type !== "Resource") {
        fail(`FailedGet${metric.type === "ContainerResource" ? "ContainerResource" : String(metric.type)}Metric`, `kadet does not simulate ${String(metric.type)} metrics yet`, "");
        continue;
      }
      const resource = String(metric.resource?.name ?? "");
      const t = (metric.resource?.target ?? {}) as Obj;
      const wrap = `failed to get ${resource} resource metric value: `;
      const average = t.averageValue !== undefined && isQuantity(t.averageValue);
      if (!average && (t.averageUtilization === undefined || t.averageUtilization === null)) {
        fail("FailedGetResourceMetric", "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set", wrap);
        continue;
      }
      const what = average ? "usage" : "utilization";
      const apiError = metricsApiError(world, "pods");
      if (apiError !== undefined) {
        fail("FailedGetResourceMetric", `failed to get ${resource} ${what}: unable to get metrics for resource ${resource}: unable to fetch metrics from resource metrics API: ${apiError}`, wrap);
        continue;
      }
      const pods = world.api.list<Pod>(POD, namespace, { labelSelector: selector });
      const podMetrics = listPodMetrics(world, namespace, selector);
      if (podMetrics.length === 0) {
        fail("FailedGetResourceMetric", `failed to get ${resource} ${what}: unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`, wrap);
        continue;
      }
      const proposal = resourceReplicas(currentReplicas, average ? { averageMilli: milliValue(t.averageValue) } : { utilization: Number(t.averageUtilization) }, resource, pods, podMetrics, now);
      if (!proposal.ok) {
        fail("FailedGetResourceMetric", `failed to get ${resource} ${what}: ${proposal.error}`, wrap);
        continue;
      }
      // resource.NewMilliQuantity(raw, DecimalSI).String()
      const averageValue = canonicalQuantity(`${proposal.rawMilli}m`) ?? "0";
      statuses.push({ type: "Resource", resource: { name: resource, current: { ...(average ? {} : { averageUtilization: proposal.utilization }), averageValue } } });
      const name = average ? `${resource} resource` : `${resource} resource utilization (percentage of request)`;
      if (metricName === "" || proposal.replicas > replicas) {
        replicas = proposal.replicas;
        metricName = name;
      }
    }
    if (invalid >= metrics.length || metricName === "") {
      if (firstCondition) setCondition("ScalingActive", "False", firstCondition[0], firstCondition[1]);
      return { ok: false, error: `invalid metrics (${invalid} invalid out of ${metrics.length}), first error is: ${firstError}`, statuses };
    }
    return { ok: true, replicas, metricName, statuses };
  }

  /** normalizeDesiredReplicas: the stabilization window, then convertDesiredReplicasWithRules. */
  private normalize(hpa: StoredObject, current: number, proposed: number, min: number, max: number, now: number, setCondition: (type: string, status: string, reason: string, message: string) => void): number {
    const behavior = (hpa.spec as Obj).behavior as Obj | undefined;
    const downWindow = behavior?.scaleDown?.stabilizationWindowSeconds !== undefined ? Number(behavior.scaleDown.stabilizationWindowSeconds) * 1000 : DOWNSCALE_STABILIZATION_MS;
    const upWindow = behavior?.scaleUp?.stabilizationWindowSeconds !== undefined ? Number(behavior.scaleUp.stabilizationWindowSeconds) * 1000 : 0;
    // recordInitialRecommendation: a new HPA's window starts with the target's current size.
    const history = (this.state.recommendations[hpa.metadata.uid] ??= [{ at: now, replicas: current }]);
    const inWindow = (window: number) => history.filter((r) => r.at > now - window).map((r) => r.replicas);
    // stabilizeRecommendation(WithBehaviors): up to the lowest recommendation of the scale-up window,
    // down only to the highest of the scale-down window.
    const up = Math.min(proposed, ...inWindow(upWindow));
    const down = Math.max(proposed, ...inWindow(downWindow));
    let stabilized = current;
    if (stabilized < up) stabilized = up;
    if (stabilized > down) stabilized = down;
    history.push({ at: now, replicas: proposed });
    const keep = Math.max(downWindow, upWindow);
    this.state.recommendations[hpa.metadata.uid] = history.filter((r) => r.at > now - keep);
    if (stabilized !== proposed) setCondition("AbleToScale", "True", "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation");
    else setCondition("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size");
    const scaleUpLimit = Math.max(2 * current, 4);
    let maximum = max;
    let limiting = ["TooManyReplicas", "the desired replica count is more than the maximum replica count"];
    if (max > scaleUpLimit) {
      maximum = scaleUpLimit;
      limiting = ["ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"];
    }
    let desired = stabilized;
    let condition = ["DesiredWithinRange", "the desired count is within the acceptable range"];
    if (stabilized < min) {
      desired = min;
      condition = ["TooFewReplicas", "the desired replica count is less than the minimum replica count"];
    } else if (stabilized > maximum) {
      desired = maximum;
      condition = limiting;
    }
    setCondition("ScalingLimited", desired === stabilized ? "False" : "True", condition[0]!, condition[1]!);
    return desired;
  }
}
