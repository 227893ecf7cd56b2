/**
 * Resource arithmetic shared by the scheduler, the kubelet and
 * `kubectl describe node`: a pod's effective request and a node's
 * allocatable amounts, as k8s.io/component-helpers/resource.PodRequests and
 * framework.NodeInfo compute them.
 *
 * Effective request = max(sum of regular containers (+ sidecars), the largest
 * init container (+ sidecars started before it)) + pod overhead.
 * https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers
 * https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#resource-sharing-within-containers
 */
import type { Node, Pod } from "../api/types.js";
import { parseQuantity } from "../core/quantity.js";

/** The resources the scheduler checks: cpu in millicores, memory and ephemeral-storage in bytes. */
export interface ResourceAmounts {
  cpu: number;
  memory: number;
  ephemeralStorage: number;
}

/** schedutil.DefaultMilliCPURequest: what scoring assumes for a container without a cpu request. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest: 200 MiB, assumed for a container without a memory request when scoring. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

type ResourceList = Record<string, string | number> | undefined;

/** Milli-units of each resource we track; exact until converted at the end. */
interface MilliAmounts {
  cpu: number;
  memory: number;
  ephemeralStorage: number;
}

const RESOURCE_KEYS: Record<string, keyof MilliAmounts> = {
  cpu: "cpu",
  memory: "memory",
  "ephemeral-storage": "ephemeralStorage",
};

function zero(): MilliAmounts {
  return { cpu: 0, memory: 0, ephemeralStorage: 0 };
}

/** Quantities in a stored pod were validated by the API server; anything unparsable counts as nothing. */
function milliOf(value: string | number): number {
  let milli = milliByText.get(value);
  if (milli === undefined) {
    const parsed = parseQuantity(value);
    milli = parsed ? Number(parsed.milli) : 0;
    if (milliByText.size > 4096) milliByText.clear();
    milliByText.set(value, milli);
  }
  return milli;
}

// Parsing a quantity is exact BigInt work; a cluster repeats a handful of values ("100m", "128Mi") endlessly.
const milliByText = new Map<string | number, number>();

/**
 * Stored objects are deep-frozen (api/store.ts), so an answer computed for one
 * stays right for as long as the object lives: memoised per object, the
 * scheduler stops re-adding every bound pod's requests on every attempt.
 */
const requestsOf = { withDefaults: new WeakMap<Pod, ResourceAmounts>(), exact: new WeakMap<Pod, ResourceAmounts>() };
const allocatableOf = new WeakMap<Node, ResourceAmounts & { pods: number }>();

interface ContainerRequests {
  amounts: MilliAmounts;
  /** Which of cpu/memory the container names at all (an explicit "0" is named). */
  named: Set<keyof MilliAmounts>;
}

function containerRequests(requests: ResourceList, defaultMissing: boolean): MilliAmounts {
  const parsed: ContainerRequests = { amounts: zero(), named: new Set() };
  for (const [name, value] of Object.entries(requests ?? {})) {
    const key = RESOURCE_KEYS[name];
    if (!key) continue;
    parsed.amounts[key] += milliOf(value);
    parsed.named.add(key);
  }
  // applyNonMissing: only a request that is absent gets the default; an explicit 0 stays 0.
  if (defaultMissing) {
    if (!parsed.named.has("cpu")) parsed.amounts.cpu = DEFAULT_MILLI_CPU_REQUEST; // cpu milli-units are millicores
    if (!parsed.named.has("memory")) parsed.amounts.memory = DEFAULT_MEMORY_REQUEST * 1000; // memory milli-units are thousandths of a byte
  }
  return parsed.amounts;
}

function add(into: MilliAmounts, more: MilliAmounts): void {
  into.cpu += more.cpu;
  into.memory += more.memory;
  into.ephemeralStorage += more.ephemeralStorage;
}

function maxInto(into: MilliAmounts, other: MilliAmounts): void {
  into.cpu = Math.max(into.cpu, other.cpu);
  into.memory = Math.max(into.memory, other.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, other.ephemeralStorage);
}

/**
 * The pod's effective requests. With `defaultMissing`, containers that name
 * no cpu or memory request count as 100m / 200Mi: that is how the scoring
 * plugins avoid piling request-less pods onto one node (NonMissingContainerRequests).
 */
export function podRequests(pod: Pod, options: { defaultMissing?: boolean } = {}): ResourceAmounts {
  const defaultMissing = options.defaultMissing ?? false;
  if (!Object.isFrozen(pod)) return computePodRequests(pod, defaultMissing);
  // The pod being scheduled asks once per node per plugin: the last answer is kept in front of the WeakMap.
  const last = defaultMissing ? lastRequests.withDefaults : lastRequests.exact;
  if (last.pod === pod) return last.amounts!;
  const memo = defaultMissing ? requestsOf.withDefaults : requestsOf.exact;
  let amounts = memo.get(pod);
  if (!amounts) memo.set(pod, (amounts = Object.freeze(computePodRequests(pod, defaultMissing))));
  last.pod = pod;
  last.amounts = amounts;
  return amounts;
}

const lastRequests: Record<"withDefaults" | "exact", { pod?: Pod; amounts?: ResourceAmounts }> = { withDefaults: {}, exact: {} };

function computePodRequests(pod: Pod, defaultMissing: boolean): ResourceAmounts {
  const spec = pod.spec;
  const total = zero();
  for (const c of spec?.containers ?? []) add(total, containerRequests(c.resources?.requests, defaultMissing));

  // Sidecars (restartPolicy: Always) keep running: they add to the regular
  // containers and to every init container that starts after them.
  const sidecarsSoFar = zero();
  const initPeak = zero();
  for (const c of spec?.initContainers ?? []) {
    const own = containerRequests(c.resources?.requests, defaultMissing);
    if (c.restartPolicy === "Always") {
      add(total, own);
      add(sidecarsSoFar, own);
      maxInto(initPeak, sidecarsSoFar);
    } else {
      const whileRunning = { ...own };
      add(whileRunning, sidecarsSoFar);
      maxInto(initPeak, whileRunning);
    }
  }
  maxInto(total, initPeak);

  for (const [name, value] of Object.entries(spec?.overhead ?? {})) {
    const key = RESOURCE_KEYS[name];
    if (key) total[key] += milliOf(value);
  }
  return {
    cpu: Math.ceil(total.cpu),
    memory: Math.ceil(total.memory / 1000),
    ephemeralStorage: Math.ceil(total.ephemeralStorage / 1000),
  };
}

/** node.status.allocatable as numbers; a missing entry is 0 (the scheduler then rejects the node). */
export function nodeAllocatable(node: Node): ResourceAmounts & { pods: number } {
  if (!Object.isFrozen(node)) return computeNodeAllocatable(node);
  let amounts = allocatableOf.get(node);
  if (!amounts) allocatableOf.set(node, (amounts = Object.freeze(computeNodeAllocatable(node))));
  return amounts;
}

function computeNodeAllocatable(node: Node): ResourceAmounts & { pods: number } {
  const allocatable = node.status?.allocatable ?? {};
  const read = (name: string): number => {
    const v = allocatable[name];
    return v === undefined ? 0 : milliOf(v);
  };
  return {
    cpu: read("cpu"),
    // Quantity.Value() rounds up to whole units.
    memory: Math.ceil(read("memory") / 1000),
    ephemeralStorage: Math.ceil(read("ephemeral-storage") / 1000),
    pods: Math.ceil(read("pods") / 1000),
  };
}
