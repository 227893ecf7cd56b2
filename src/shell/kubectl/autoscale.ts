/**
 * `kubectl autoscale deployment|rs|sts|rc NAME --max N [--min N] [--cpu-percent N] [--name]`:
 * kubectl 1.32 builds an autoscaling/v1 HorizontalPodAutoscaler (staging/src/k8s.io/kubectl/
 * pkg/cmd/autoscale/autoscale.go createHorizontalPodAutoscaler), byte-identical under
 * --dry-run=client (testdata/autoscale-*.golden). The API server stores it as autoscaling/v2
 * (pkg/apis/autoscaling/v1 conversion: targetCPUUtilizationPercentage becomes a cpu Resource
 * metric with an Utilization target), which kadet does here, as its API serves v2 only.
 */
import { kindNamed, type KindInfo } from "../../sim/api/kinds.js";
import type { KubeObject, StoredObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, operationLine, withoutNulls } from "./common.js";
import { apiFailure } from "./errors.js";
import { parseOutputFormat, printObjects } from "./output.js";
import { resolveTargets } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

const HPA = kindNamed("HorizontalPodAutoscaler")!;
const NULL_TIME = null as unknown as string;
/** polymorphichelpers.CanBeAutoscaledFn: the kinds with a scale subresource kubectl accepts. */
const AUTOSCALABLE = new Set(["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"]);

export const autoscaleVerb = defineVerb({
  name: "autoscale",
  helpKey: "autoscale",
  requiredFlags: ["max"],
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => autoscale(ctx),
});

type V1Hpa = KubeObject & { spec: { maxReplicas: number; minReplicas?: number; scaleTargetRef: { apiVersion: string; kind: string; name: string }; targetCPUUtilizationPercentage?: number }; status?: Record<string, unknown> };

function apiVersionOf(info: KindInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** v1 → v2 (Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler). */
export function hpaV1ToV2(v1: V1Hpa): KubeObject {
  const { targetCPUUtilizationPercentage, ...spec } = v1.spec;
  const metrics = targetCPUUtilizationPercentage === undefined ? undefined : [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: targetCPUUtilizationPercentage } } }];
  return { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: v1.metadata, spec: { ...spec, ...(metrics ? { metrics } : {}) } } as KubeObject;
}

/** v2 → v1, for printing what the v1 client got back: the cpu Utilization metric becomes targetCPUUtilizationPercentage. */
function hpaV2ToV1(v2: StoredObject): KubeObject {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const spec = (v2.spec ?? {}) as any;
  const cpu = (spec.metrics ?? []).find((m: { type?: string; resource?: { name?: string; target?: { type?: string } } }) => m.type === "Resource" && m.resource?.name === "cpu" && m.resource.target?.type === "Utilization");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const status = (v2.status ?? {}) as any;
  const currentCpu = (status.currentMetrics ?? []).find((m: { type?: string; resource?: { name?: string } }) => m.type === "Resource" && m.resource?.name === "cpu");
  return {
    apiVersion: "autoscaling/v1",
    kind: "HorizontalPodAutoscaler",
    metadata: v2.metadata,
    spec: { maxReplicas: spec.maxReplicas, minReplicas: spec.minReplicas, scaleTargetRef: spec.scaleTargetRef, ...(cpu ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}) },
    status: {
      ...(currentCpu?.resource?.current?.averageUtilization !== undefined ? { currentCPUUtilizationPercentage: currentCpu.resource.current.averageUtilization } : {}),
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      ...(status.lastScaleTime ? { lastScaleTime: status.lastScaleTime } : {}),
    },
  } as KubeObject;
}

async function autoscale(ctx: KubectlContext): Promise<CommandResult> {
  const max = ctx.flags.int("max");
  const min = ctx.flags.int("min");
  const cpuPercent = ctx.flags.int("cpu-percent");
  const out = parseOutputFormat(ctx.flags.string("output"), false);
  if (!out.ok) return failure(out.error);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  if (max < 1) return failure(`error: --max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min) return failure(`error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  const resolved = await resolveTargets(ctx, ctx.args);
  if (!resolved.ok) return failure(resolved.error);
  let stdout = "";
  let stderr = dry.warning + resolved.errors;
  for (const target of resolved.targets) {
    const info = target.info;
    if (!AUTOSCALABLE.has(info.kind)) {
      stderr += `error: cannot autoscale a ${info.kind}: could not find scale subresource for ${info.group}/${info.version}, Resource=${info.plural} in discovery information\n`;
      continue;
    }
    // Go marshals TypeMeta's Kind before APIVersion (JSON keeps that order; YAML sorts).
    const hpa: V1Hpa = {
      kind: "HorizontalPodAutoscaler",
      apiVersion: "autoscaling/v1",
      metadata: { name: ctx.flags.string("name") || target.name, creationTimestamp: NULL_TIME },
      // HorizontalPodAutoscalerSpec's field order (scaleTargetRef, minReplicas, maxReplicas, target).
      spec: {
        scaleTargetRef: { kind: info.kind, name: target.name, apiVersion: apiVersionOf(info) },
        ...(min > 0 ? { minReplicas: min } : {}),
        maxReplicas: max,
        ...(cpuPercent >= 0 ? { targetCPUUtilizationPercentage: cpuPercent } : {}),
      },
      status: { currentReplicas: 0, desiredReplicas: 0 },
    };
    let printed: KubeObject = hpa;
    let operation = "created";
    if (dry.value !== "client") {
      const created = ctx.world.api.create(HPA, withoutNulls(hpaV1ToV2(hpa)), target.namespace ?? ctx.namespace, { dryRun: dry.value === "server" });
      if (!created.ok) {
        stderr += apiFailure(created.error).stderr;
        continue;
      }
      printed = hpaV2ToV1(created.value);
      operation = "autoscaled";
    }
    const format = out.format;
    if (!format || format.kind === "name") {
      stdout += operationLine({ ...printed, apiVersion: "autoscaling/v2" } as KubeObject, operation, dry.value, format?.kind === "name");
      continue;
    }
    const text = printObjects([printed as never], format, { now: ctx.world.clock.now(), single: true, keyOrder: dry.value === "client" ? "asIs" : "sorted" });
    if ("error" in text) return failure(text.error);
    stdout += text.stdout;
  }
  return { stdout, stderr, exitCode: stderr.replace(dry.warning, "") === "" ? 0 : 1 };
}
