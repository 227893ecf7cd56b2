/**
 * Kinds the API server stores but no kadet controller acts on yet (issue 5: an object must not
 * look inert-but-fine). Applying or creating one prints a warning in kubectl's warning style, and
 * describe says the same. Remove a kind's row when its controller lands.
 */
const INERT_KINDS: Readonly<Record<string, { plural: string; consequence: string }>> = {
  Ingress: { plural: "Ingresses", consequence: "the object is stored, but no ingress controller routes traffic by it" },
  NetworkPolicy: { plural: "NetworkPolicies", consequence: "the object is stored, but traffic is not filtered by it" },
  PodDisruptionBudget: { plural: "PodDisruptionBudgets", consequence: "the object is stored, but evictions (kubectl drain) do not check it" },
};

/** The quota scopes admission and the quota controller evaluate (api/quota/evaluators.ts). */
const EVALUATED_SCOPES = new Set(["BestEffort", "NotBestEffort", "Terminating", "NotTerminating"]);

/**
 * `Warning: kadet does not simulate Jobs yet: ...` for a kind no controller acts on, else
 * undefined. Given the object, also for the parts of a kind that is acted on that are not:
 * a ResourceQuota's scopeSelector and its PriorityClass / CrossNamespacePodAffinity scopes.
 */
export function inertKindWarning(kind: string | undefined, obj?: object): string | undefined {
  const row = kind === undefined ? undefined : INERT_KINDS[kind];
  if (row) return `Warning: kadet does not simulate ${row.plural} yet: ${row.consequence}`;
  if (kind === "ResourceQuota" && obj) {
    const spec = ((obj as { spec?: unknown }).spec ?? {}) as { scopes?: unknown[]; scopeSelector?: unknown };
    const unknown = (spec.scopes ?? []).map(String).filter((s) => !EVALUATED_SCOPES.has(s));
    if (spec.scopeSelector !== undefined || unknown.length > 0) {
      return "Warning: kadet does not simulate a ResourceQuota's scopeSelector or the scopes PriorityClass and CrossNamespacePodAffinity: such a quota counts and limits nothing";
    }
  }
  return undefined;
}

/** The pod spec an object carries: a Pod's own, a workload's template, a CronJob's job template. */
interface PodSpecLike {
  initContainers?: { name?: string; restartPolicy?: string }[];
}
interface WithPodSpec {
  kind?: string;
  spec?: PodSpecLike & { template?: { spec?: PodSpecLike }; jobTemplate?: { spec?: { template?: { spec?: PodSpecLike } } } };
}
function podSpecOf(object: unknown): PodSpecLike | undefined {
  const o = object as WithPodSpec | undefined;
  if (o?.kind === "Pod") return o.spec;
  if (o?.kind === "CronJob") return o.spec?.jobTemplate?.spec?.template?.spec;
  return o?.spec?.template?.spec;
}

/**
 * Fields the API server accepts but the kubelet does not act on yet, one kubectl-style warning
 * each. Sidecar containers (KEP-753: an init container with restartPolicy: Always, beta and on by
 * default in 1.32) would keep running beside the app; kadet's kubelet runs them as ordinary init
 * containers, so the pod waits for them to exit.
 */
export function unsimulatedFieldWarnings(object: unknown): string[] {
  // Not yet validated on a client-side dry run: the list may be anything.
  const inits: unknown = podSpecOf(object)?.initContainers;
  const sidecars = (Array.isArray(inits) ? (inits as NonNullable<PodSpecLike["initContainers"]>) : []).filter((c) => c?.restartPolicy === "Always");
  const warnings = sidecars.map(
    (c) => `Warning: kadet does not simulate sidecar containers yet: init container "${c.name ?? ""}" has restartPolicy: Always, but kadet runs it as an ordinary init container, so the pod waits for it to exit`,
  );
  return [...warnings, ...hpaWarnings(object)];
}

/** An HPA's parts the controller does not act on: metrics other than Resource ones. */
function hpaWarnings(object: unknown): string[] {
  const o = object as { kind?: string; spec?: { metrics?: { type?: string }[] } } | undefined;
  if (o?.kind !== "HorizontalPodAutoscaler") return [];
  const out: string[] = [];
  const other = [...new Set((Array.isArray(o.spec?.metrics) ? o.spec.metrics : []).map((m) => m?.type).filter((t) => t !== "Resource" && t !== undefined))];
  if (other.length > 0) out.push(`Warning: kadet does not simulate ${other.join(", ")} metrics yet: only Resource (cpu, memory) metrics from metrics-server drive the autoscaler`);
  return out;
}
