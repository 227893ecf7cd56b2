/**
 * `kubectl describe hpa`: a port of describeHorizontalPodAutoscalerV2 (with
 * printDirectionBehavior) from kubectl's pkg/describe/describe.go, 1.32. Current values,
 * replica counts and conditions are what the HPA controller (controllers/horizontal-pod-autoscaler.ts)
 * last wrote.
 */
import type { Event, StoredObject } from "../../../sim/api/types.js";
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type Obj } from "./common.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString, type PrefixWriter } from "./tabwriter.js";

/** resource.Quantity's String() through a pointer. */
const quantity = (q: unknown) => (q === undefined || q === null ? "<nil>" : String(q));
const isSet = (v: unknown) => v !== undefined && v !== null;

function printMetric(metric: Obj, current: Obj | undefined, w: PrefixWriter): void {
  switch (metric.type) {
    case "External": {
      const target = metric.external?.target ?? {};
      const name = JSON.stringify(metric.external?.metric?.name ?? "");
      if (isSet(target.averageValue)) {
        const now = isSet(current?.external?.current?.averageValue) ? quantity(current!.external.current.averageValue) : "<unknown>";
        w.write(LEVEL_1, `${name} (target average value):\t${now} / ${quantity(target.averageValue)}\n`);
      } else {
        const now = current?.external ? quantity(current.external.current?.value) : "<unknown>";
        w.write(LEVEL_1, `${name} (target value):\t${now} / ${quantity(target.value)}\n`);
      }
      return;
    }
    case "Pods": {
      const now = current?.pods ? quantity(current.pods.current?.averageValue) : "<unknown>";
      w.write(LEVEL_1, `${JSON.stringify(metric.pods?.metric?.name ?? "")} on pods:\t${now} / ${quantity(metric.pods?.target?.averageValue)}\n`);
      return;
    }
    case "Object": {
      const o = metric.object ?? {};
      w.write(LEVEL_1, `"${o.metric?.name ?? ""}" on ${o.describedObject?.kind ?? ""}/${o.describedObject?.name ?? ""} `);
      if (o.target?.type === "AverageValue") {
        const now = current?.object ? quantity(current.object.current?.averageValue) : "<unknown>";
        w.write(LEVEL_0, `(target average value):\t${now} / ${quantity(o.target?.averageValue)}\n`);
      } else {
        const now = current?.object ? quantity(current.object.current?.value) : "<unknown>";
        w.write(LEVEL_0, `(target value):\t${now} / ${quantity(o.target?.value)}\n`);
      }
      return;
    }
    case "Resource":
    case "ContainerResource": {
      const container = metric.type === "ContainerResource";
      const source = (container ? metric.containerResource : metric.resource) ?? {};
      const got = container ? current?.containerResource : current?.resource;
      w.write(LEVEL_1, container ? `resource ${source.name ?? ""} of container "${source.container ?? ""}" on pods` : `resource ${source.name ?? ""} on pods`);
      if (isSet(source.target?.averageValue)) {
        const now = got ? quantity(got.current?.averageValue) : "<unknown>";
        w.write(LEVEL_0, `:\t${now} / ${quantity(source.target.averageValue)}\n`);
      } else {
        const now = got && isSet(got.current?.averageUtilization) ? `${got.current.averageUtilization}% (${quantity(got.current.averageValue)})` : "<unknown>";
        const target = isSet(source.target?.averageUtilization) ? `${source.target.averageUtilization}%` : "<auto>";
        w.write(LEVEL_1, `(as a percentage of request):\t${now} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(String(metric.type ?? ""))}>\n`);
  }
}

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: Obj | undefined): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (isSet(rules.stabilizationWindowSeconds)) w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  const policies = (rules.policies ?? []) as Obj[];
  if (policies.length === 0) return;
  w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? "Max"}\n`);
  w.write(LEVEL_2, "Policies:\n");
  for (const p of policies) w.write(LEVEL_3, `- Type: ${p.type ?? ""}\tValue: ${p.value ?? 0}\tPeriod: ${p.periodSeconds ?? 0} seconds\n`);
}

export function describeHorizontalPodAutoscaler(hpa: StoredObject, events: Event[] | undefined, now: number): string {
  const spec = (hpa.spec ?? {}) as Obj;
  const status = (hpa.status ?? {}) as Obj;
  const target = (spec.scaleTargetRef ?? {}) as Obj;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", hpa.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${target.kind ?? ""}/${target.name ?? ""}\n`);
    w.write(LEVEL_0, "Metrics:\t( current / target )\n");
    const currentMetrics = (status.currentMetrics ?? []) as Obj[];
    ((spec.metrics ?? []) as Obj[]).forEach((metric, i) => printMetric(metric, currentMetrics[i], w));
    w.write(LEVEL_0, `Min replicas:\t${isSet(spec.minReplicas) ? spec.minReplicas : "<unset>"}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
    if (spec.behavior) {
      w.write(LEVEL_0, "Behavior:\n");
      printDirectionBehavior(w, "Scale Up", spec.behavior.scaleUp);
      printDirectionBehavior(w, "Scale Down", spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${target.kind ?? ""} pods:\t${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`);
    const conditions = (status.conditions ?? []) as Obj[];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t------\t-------\n");
      for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ""}\t${c.status ?? ""}\t${c.reason ?? ""}\t${c.message ?? ""}\n`);
    }
    describeEvents(events, w, now);
  });
}
