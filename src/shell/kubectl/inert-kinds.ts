/**
 * Kinds the API server stores but no kadet controller acts on yet (issue 5: an object must not
 * look inert-but-fine). Applying or creating one prints a warning in kubectl's warning style, and
 * describe says the same. Remove a kind's row when its controller lands.
 */
const INERT_KINDS: Readonly<Record<string, { plural: string; consequence: string }>> = {
  Ingress: { plural: "Ingresses", consequence: "the object is stored, but no ingress controller routes traffic by it" },
  NetworkPolicy: { plural: "NetworkPolicies", consequence: "the object is stored, but traffic is not filtered by it" },
  HorizontalPodAutoscaler: { plural: "HorizontalPodAutoscalers", consequence: "the object is stored, but no controller will scale its target" },
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
