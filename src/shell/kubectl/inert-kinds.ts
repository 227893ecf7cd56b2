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

/** `Warning: kadet does not simulate Jobs yet: ...` for a kind no controller acts on, else undefined. */
export function inertKindWarning(kind: string | undefined): string | undefined {
  const row = kind === undefined ? undefined : INERT_KINDS[kind];
  return row && `Warning: kadet does not simulate ${row.plural} yet: ${row.consequence}`;
}
