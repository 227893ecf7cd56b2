/**
 * The kubelet's check, before it creates a container, that every ConfigMap
 * and Secret the container's environment names exists and holds the keys it
 * asks for (pkg/kubelet/kubelet_pods.go, makeEnvironmentVariables). A
 * missing one keeps the container in CreateContainerConfigError with the
 * kubelet's own message until it appears; `optional: true` references are
 * skipped. envFrom is read before env, as upstream does.
 */
import type { IContainer } from "kubernetes-models/v1";
import { kindNamed } from "../api/kinds.js";
import type { ApiServer } from "../api/server.js";
import type { StoredObject } from "../api/types.js";

const CONFIGMAP = kindNamed("ConfigMap")!;
const SECRET = kindNamed("Secret")!;

type Source = "ConfigMap" | "Secret";

function keysOf(obj: StoredObject): Set<string> {
  const data = (obj as { data?: Record<string, unknown>; binaryData?: Record<string, unknown> });
  return new Set([...Object.keys(data.data ?? {}), ...Object.keys(data.binaryData ?? {})]);
}

function find(api: ApiServer, source: Source, namespace: string, name: string): StoredObject | undefined {
  return api.find(source === "ConfigMap" ? CONFIGMAP : SECRET, namespace, name);
}

/** The kubelet's managers word a missing object with the singular lower-case resource: `configmap "x" not found`. */
function notFoundMessage(source: Source, name: string): string {
  return `${source === "ConfigMap" ? "configmap" : "secret"} "${name}" not found`;
}

/** The message of the first reference that cannot be resolved, or undefined when the container can be created. */
export function unresolvedConfigReference(api: ApiServer, namespace: string, container: IContainer | undefined): string | undefined {
  if (!container) return undefined;
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ? { source: "ConfigMap" as const, ...from.configMapRef } : from.secretRef ? { source: "Secret" as const, ...from.secretRef } : undefined;
    if (!ref?.name) continue;
    if (!find(api, ref.source, namespace, ref.name) && ref.optional !== true) return notFoundMessage(ref.source, ref.name);
  }
  for (const env of container.env ?? []) {
    const from = env.valueFrom;
    const ref = from?.configMapKeyRef
      ? { source: "ConfigMap" as const, ...from.configMapKeyRef }
      : from?.secretKeyRef
        ? { source: "Secret" as const, ...from.secretKeyRef }
        : undefined;
    if (!ref?.name) continue;
    const obj = find(api, ref.source, namespace, ref.name);
    if (!obj) {
      if (ref.optional === true) continue;
      return notFoundMessage(ref.source, ref.name);
    }
    if (!keysOf(obj).has(ref.key) && ref.optional !== true) return `couldn't find key ${ref.key} in ${ref.source} ${namespace}/${ref.name}`;
  }
  return undefined;
}
