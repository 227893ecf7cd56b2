/**
 * The `pods/log` subresource. The API server does not keep container output:
 * it finds the pod's node and proxies the request to that node's kubelet
 * (pkg/registry/core/pod/rest/log.go, LogLocation). Here the kubelets
 * register as the log source; the server checks the request the way
 * LogLocation does, with its error texts, before asking them.
 */
import { apiError, type ApiError } from "./errors.js";
import type { Pod } from "./types.js";

export interface LogLine {
  /** When the line was written (virtual clock, ms). */
  at: number;
  line: string;
}

/** What a kubelet answers for one container's current or previous output. */
export type PodLogSource = (pod: Pod, container: string, previous: boolean) => LogLine[] | undefined;

export interface PodLogRequest {
  container: string;
  previous?: boolean;
}

type LogResult = { ok: true; value: LogLine[] } | { ok: false; error: ApiError };

const badRequest = (message: string): LogResult => ({ ok: false, error: apiError(400, "BadRequest", message) });

/** LogLocation's checks, then the kubelet's answer. */
export function readPodLog(pod: Pod, request: PodLogRequest, source: PodLogSource | undefined): LogResult {
  const { container } = request;
  const previous = request.previous === true;
  const name = pod.metadata.name;
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
  if (!containers.includes(container)) return badRequest(`container ${container} is not valid for pod ${name}`);
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === container);
  if (!pod.spec?.nodeName || !status) return badRequest(`container "${container}" in pod "${name}" is waiting to start: ContainerCreating`);
  if (previous && !status.lastState?.terminated) return badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  if (!previous && status.state?.waiting && !status.lastState?.terminated) {
    return badRequest(`container "${container}" in pod "${name}" is waiting to start: ${status.state.waiting.reason ?? "ContainerCreating"}`);
  }
  return { ok: true, value: source?.(pod, container, previous) ?? [] };
}
