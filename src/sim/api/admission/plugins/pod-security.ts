/**
 * PodSecurity (kubernetes/pod-security-admission admission/admission.go,
 * built into kube-apiserver): the namespace's labels pick a level for each
 * mode. `enforce` refuses a pod that violates it (Forbidden, `violates
 * PodSecurity "restricted:latest": ...`); `warn` returns warnings for pods
 * and for the pod templates of workloads, which are never refused (their
 * pods are, when the controller creates them). `audit` writes to the audit
 * log, which kadet does not keep. A namespace whose labels are not valid is
 * refused; raising a namespace's enforce level warns about the pods already
 * there that would violate it. kube-apiserver's default configuration has
 * no exemptions, and neither has kadet.
 */
import { invalid } from "../../errors.js";
import { qualifiedKind } from "../../kinds.js";
import type { KubeObject, StoredObject } from "../../types.js";
import type { PodMetaLike, PodSpecLike } from "../pod-security/checks.js";
import {
  compareLevels,
  evaluatePod,
  forbiddenDetail,
  forbiddenReason,
  levelVersionString,
  policyOf,
  sameLevelVersion,
  type LevelVersion,
  type Policy,
} from "../pod-security/policy.js";
import { forbidden, type AdmissionAttributes, type AdmissionPlugin } from "./plugin.js";

/** DefaultPodSpecExtractor: the kinds whose pod template PodSecurity reads, and where it sits. */
function podTemplateOf(obj: KubeObject): { meta: PodMetaLike; spec: PodSpecLike } | undefined {
  const spec = obj.spec as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (obj.kind) {
    case "ReplicationController":
    case "ReplicaSet":
    case "Deployment":
    case "DaemonSet":
    case "StatefulSet":
    case "Job":
      return spec?.template ? { meta: spec.template.metadata ?? {}, spec: spec.template.spec ?? {} } : undefined;
    case "CronJob": {
      const template = spec?.jobTemplate?.spec?.template;
      return template ? { meta: template.metadata ?? {}, spec: template.spec ?? {} } : undefined;
    }
    case "PodTemplate": {
      const template = (obj as { template?: { metadata?: PodMetaLike; spec?: PodSpecLike } }).template;
      return template ? { meta: template.metadata ?? {}, spec: template.spec ?? {} } : undefined;
    }
    default:
      return undefined;
  }
}

function namespacePolicy(attributes: AdmissionAttributes): { policy: Policy; valid: boolean } | undefined {
  if (!attributes.namespace) return undefined;
  const ns = attributes.lookup.find("Namespace", undefined, attributes.namespace);
  if (!ns) return undefined;
  const { policy, errors } = policyOf(ns.metadata.labels);
  return { policy, valid: errors.length === 0 };
}

const wouldViolate = (lv: LevelVersion, results: ReturnType<typeof evaluatePod>) => `would violate PodSecurity ${JSON.stringify(levelVersionString(lv))}: ${forbiddenDetail(results)}`;

/** isSignificantPodUpdate: only a change of the containers (their number or images) is checked again. */
function significantPodUpdate(pod: KubeObject, old: StoredObject): boolean {
  const spec = (pod.spec ?? {}) as { containers?: { image?: string }[]; initContainers?: { image?: string }[] };
  const before = (old.spec ?? {}) as typeof spec;
  const changed = (a: { image?: string }[] = [], b: { image?: string }[] = []) => a.length !== b.length || a.some((c, i) => c.image !== b[i]!.image);
  return changed(spec.containers, before.containers) || changed(spec.initContainers, before.initContainers);
}

function validatePod(attributes: AdmissionAttributes) {
  if (attributes.operation === "UPDATE" && attributes.old && !significantPodUpdate(attributes.object, attributes.old)) return undefined;
  const ns = namespacePolicy(attributes);
  if (!ns) return undefined;
  const { policy } = ns;
  const meta = attributes.object.metadata as PodMetaLike;
  const spec = (attributes.object.spec ?? {}) as PodSpecLike;
  const enforced = evaluatePod(policy.enforce, meta, spec);
  if (enforced.length > 0) {
    return forbidden(attributes, `violates PodSecurity ${JSON.stringify(levelVersionString(policy.enforce))}: ${forbiddenDetail(enforced)}`);
  }
  const warned = sameLevelVersion(policy.warn, policy.enforce) ? enforced : evaluatePod(policy.warn, meta, spec);
  if (warned.length > 0) attributes.warnings.push(wouldViolate(policy.warn, warned));
  return undefined;
}

function validatePodController(attributes: AdmissionAttributes) {
  const template = podTemplateOf(attributes.object);
  if (!template) return undefined;
  const ns = namespacePolicy(attributes);
  if (!ns || ns.policy.warn.level === "privileged") return undefined;
  const warned = evaluatePod(ns.policy.warn, template.meta, template.spec);
  if (warned.length > 0) attributes.warnings.push(wouldViolate(ns.policy.warn, warned));
  return undefined;
}

/** namespaceMaxPodsToCheck's default. */
const MAX_PODS_TO_CHECK = 3000;

/** EvaluatePodsInNamespace: the warnings a stricter enforce level gives about the pods already running. */
function evaluatePodsInNamespace(attributes: AdmissionAttributes, namespace: string, enforce: LevelVersion): string[] {
  const pods = attributes.lookup.list("Pod", namespace);
  // prioritizePods: one pod per controller first, the other replicas after them.
  const first: StoredObject[] = [];
  const duplicates: StoredObject[] = [];
  const seenControllers = new Set<string>();
  for (const pod of pods) {
    const controller = pod.metadata.ownerReferences?.find((o) => o.controller === true);
    if (!controller) first.push(pod);
    else if (seenControllers.has(controller.uid)) duplicates.push(pod);
    else {
      seenControllers.add(controller.uid);
      first.push(pod);
    }
  }
  const prioritized = [...first, ...duplicates];
  const checked = prioritized.slice(0, MAX_PODS_TO_CHECK);
  const counts = new Map<string, { podName: string; podCount: number }>();
  const podWarnings: string[] = [];
  for (const pod of checked) {
    const results = evaluatePod(enforce, pod.metadata as PodMetaLike, (pod.spec ?? {}) as PodSpecLike);
    if (results.length === 0) continue;
    const warning = forbiddenReason(results);
    const c = counts.get(warning);
    if (!c) {
      counts.set(warning, { podName: pod.metadata.name, podCount: 1 });
      podWarnings.push(warning);
    } else {
      if (pod.metadata.name < c.podName) c.podName = pod.metadata.name;
      c.podCount++;
    }
  }
  const warnings: string[] = [];
  if (checked.length < prioritized.length) warnings.push(`new PodSecurity enforce level only checked against the first ${checked.length} of ${prioritized.length} existing pods`);
  if (podWarnings.length > 0) warnings.push(`existing pods in namespace ${JSON.stringify(namespace)} violate the new PodSecurity enforce level ${JSON.stringify(levelVersionString(enforce))}`);
  const decorated = podWarnings.map((w) => {
    const c = counts.get(w)!;
    if (c.podCount === 1) return `${c.podName}: ${w}`;
    if (c.podCount === 2) return `${c.podName} (and 1 other pod): ${w}`;
    return `${c.podName} (and ${c.podCount - 1} other pods): ${w}`;
  });
  return [...warnings, ...decorated.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))];
}

function validateNamespace(attributes: AdmissionAttributes) {
  const { policy, errors } = policyOf(attributes.object.metadata.labels);
  const refuse = () => invalid(attributes.info.kind, qualifiedKind(attributes.info), attributes.name, errors);
  if (attributes.operation === "CREATE") return errors.length > 0 ? refuse() : undefined;
  const old = policyOf(attributes.old?.metadata.labels);
  if (errors.length > 0 && (old.errors.length === 0 || JSON.stringify(errors) !== JSON.stringify(old.errors))) return refuse();
  if (sameLevelVersion(policy.enforce, old.policy.enforce)) return undefined;
  if (policy.enforce.level === "privileged") return undefined;
  if (policy.enforce.version === old.policy.enforce.version && compareLevels(policy.enforce.level, old.policy.enforce.level) < 1) return undefined;
  attributes.warnings.push(...evaluatePodsInNamespace(attributes, attributes.name, policy.enforce));
  return undefined;
}

export const podSecurity = {
  name: "PodSecurity",
  validate: (attributes) => {
    const kind = attributes.info.kind;
    if (kind === "Namespace") return validateNamespace(attributes);
    if (kind === "Pod") return validatePod(attributes);
    return validatePodController(attributes);
  },
} satisfies AdmissionPlugin;
