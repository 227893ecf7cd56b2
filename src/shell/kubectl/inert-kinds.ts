/**
 * Kinds the API server stores but no kadet controller acts on yet (issue 5: an object must not
 * look inert-but-fine). Applying or creating one prints a warning in kubectl's warning style, and
 * describe says the same. Remove a kind's row when its controller lands.
 */
const INERT_KINDS: Readonly<Record<string, { plural: string; consequence: string }>> = {
  Ingress: { plural: "Ingresses", consequence: "the object is stored, but no ingress controller routes traffic by it" },
  NetworkPolicy: { plural: "NetworkPolicies", consequence: "the object is stored, but traffic is not filtered by it" },
};

/** The kubernetes.io signers kube-controller-manager runs besides kube-apiserver-client. */
const UNSIMULATED_SIGNERS = new Set(["kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving"]);

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
  if (kind === "CertificateSigningRequest" && obj) {
    // kube-controller-manager signs these too (with their own subject checks); kadet's signer signs client certificates only.
    const signerName = ((obj as { spec?: { signerName?: unknown } }).spec?.signerName ?? "") as string;
    if (UNSIMULATED_SIGNERS.has(signerName)) return `Warning: kadet does not simulate the ${signerName} signer yet: the request can be approved, but no certificate will be issued`;
  }
  if (kind === "ResourceQuota" && obj) {
    const spec = ((obj as { spec?: unknown }).spec ?? {}) as { scopes?: unknown[]; scopeSelector?: unknown };
    const unknown = (spec.scopes ?? []).map(String).filter((s) => !EVALUATED_SCOPES.has(s));
    if (spec.scopeSelector !== undefined || unknown.length > 0) {
      return "Warning: kadet does not simulate a ResourceQuota's scopeSelector or the scopes PriorityClass and CrossNamespacePodAffinity: such a quota counts and limits nothing";
    }
  }
  return undefined;
}

/** Fields the API server accepts but no kadet controller acts on yet, one kubectl-style warning each. */
export function unsimulatedFieldWarnings(object: unknown): string[] {
  return [...hpaWarnings(object), ...pullSecretWarnings(object)];
}

/**
 * imagePullSecrets (a pod's, a workload template's, a ServiceAccount's): kadet's registries
 * (Docker Hub, registry.local:5000) ask for no credentials, so the kubelet never reads them;
 * stored, they would look checked.
 */
function pullSecretWarnings(object: unknown): string[] {
  const o = object as { kind?: string; imagePullSecrets?: unknown; spec?: Record<string, any> } | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!o || typeof o !== "object") return [];
  const spec = o.kind === "Pod" ? o.spec : o.kind === "CronJob" ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
  const secrets = o.kind === "ServiceAccount" ? o.imagePullSecrets : spec && typeof spec === "object" ? (spec as { imagePullSecrets?: unknown }).imagePullSecrets : undefined;
  if (!Array.isArray(secrets) || secrets.length === 0) return [];
  return ["Warning: kadet does not simulate imagePullSecrets: its registries (Docker Hub, registry.local:5000) ask for no credentials, so the kubelet pulls without reading them"];
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
