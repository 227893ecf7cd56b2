/**
 * Comparing pod templates as the deployment controller's EqualIgnoreHash does
 * (pkg/controller/deployment/util/deployment_util.go): the `pod-template-hash` label the
 * controller adds to a ReplicaSet's template is ignored, and so is key order
 * (apiequality.Semantic.DeepEqual compares values, not JSON text).
 */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";

type Template = { metadata?: { labels?: Record<string, string> } } & Record<string, unknown>;

/** A copy of the template without the pod-template-hash label. */
export function templateWithoutHash<T>(template: T | undefined): T {
  const copy = structuredClone(template ?? {}) as Template;
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return copy as T;
}

/** The template as key-order-independent text, without the hash label (for comparing and lookups). */
export function templateKey(template: unknown): string {
  return JSON.stringify(sortKeys(templateWithoutHash(template)));
}

export function sameTemplateIgnoringHash(a: unknown, b: unknown): boolean {
  return templateKey(a) === templateKey(b);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const source = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(source).sort().map((k) => [k, sortKeys(source[k])]));
  }
  return value;
}
