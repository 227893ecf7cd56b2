/**
 * `crictl ps [-a]`, `crictl pods`, `crictl images` and `crictl logs` on a host, as cri-tools
 * v1.32 prints them (cmd/crictl/container.go OutputContainers, sandbox.go
 * OutputPodSandboxes, image.go; display.go's tabwriter 20/1/3; IDs cut to
 * truncatedIDLen = 13 by getTruncatedID; newest first by containerByCreated).
 *
 * The answers come from what the node's kubelet last reported to the API
 * (pods bound to the node, static pods' mirror pods included, and the node's
 * image list): kadet's containerd has no state of its own yet. Container,
 * sandbox and image IDs are the model's stable digests (the container IDs
 * match `kubectl get pod -o yaml`'s containerID).
 */
import { kindNamed } from "../../sim/api/kinds.js";
import type { Node, Pod } from "../../sim/api/types.js";
import { fakeDigest } from "../../sim/core/digest.js";
import { parseImageReference } from "../../sim/catalog/images.js";
import { humanSize } from "../../sim/docker/image.js";
import { humanDuration } from "../docker/format.js";
import { failure, type CommandFamily, type CommandResult } from "../types.js";
import { hostOf, notOnAHost, type OnHost } from "./on-host.js";
import { parseTimestamp } from "../../sim/core/clock.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;
const TRUNCATED_ID_LEN = 13;
const DEFAULT_ENDPOINTS = "[unix:///run/containerd/containerd.sock unix:///run/crio/crio.sock unix:///var/run/cri-dockerd.sock]";
const CRICTL_CONFIG = "/etc/crictl.yaml";

const truncate = (id: string) => id.slice(0, TRUNCATED_ID_LEN);
/** The image ID containerd reports (the image config's digest), the same in `ps` and `images`. */
const imageIdOf = (fullName: string) => fakeDigest(`image-config:${fullName}`);
const sandboxIdOf = (pod: Pod) => fakeDigest(`sandbox:${pod.metadata.uid}`);

/** text/tabwriter.NewWriter(os.Stdout, 20, 1, 3, ' ', 0). */
function tabwrite(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, 20, cell.length + 3)));
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]!) : cell)).join("") + "\n").join("");
}

/** main.go's getRuntimeService / getImageService without an endpoint set in /etc/crictl.yaml (logrus, on a terminal). */
function endpointWarnings(on: OnHost, services: ("runtime" | "image")[]): string {
  const config = on.host.files[CRICTL_CONFIG] ?? "";
  const runtimeSet = /^\s*runtime-endpoint\s*:\s*\S/m.test(config);
  const imageSet = /^\s*image-endpoint\s*:\s*\S/m.test(config) || runtimeSet;
  const tail = `using default endpoints: ${DEFAULT_ENDPOINTS}. As the default settings are now deprecated, you should set the endpoint instead.`;
  return services
    .filter((s) => (s === "runtime" ? !runtimeSet : !imageSet))
    .map((s) => `WARN[0000] ${s === "runtime" ? "runtime connect" : "Image connect"} ${tail}\n`)
    .join("");
}

interface ContainerRow {
  id: string;
  /** Whether this is the run before the current one (the pod's lastState). */
  previous: boolean;
  image: string;
  created: number;
  state: "Running" | "Exited";
  name: string;
  attempt: number;
  podId: string;
  pod: string;
  namespace: string;
}

type Status = { name: string; image?: string; containerID?: string; restartCount?: number; state?: Record<string, { startedAt?: string } | undefined>; lastState?: Record<string, { startedAt?: string; containerID?: string } | undefined> };

function podsOn(on: OnHost): Pod[] {
  return on.world.api.list<Pod>(POD).filter((p) => p.spec?.nodeName === on.host.name);
}

function containersOn(on: OnHost): ContainerRow[] {
  const rows: ContainerRow[] = [];
  for (const pod of podsOn(on)) {
    const statuses = [...((pod.status?.initContainerStatuses ?? []) as Status[]), ...((pod.status?.containerStatuses ?? []) as Status[])];
    for (const s of statuses) {
      const base = { image: truncate(imageIdOf(parseImageReference(s.image ?? "").full)), name: s.name, podId: sandboxIdOf(pod), pod: pod.metadata.name, namespace: pod.metadata.namespace ?? "default" };
      const attempt = s.restartCount ?? 0;
      const running = s.state?.running;
      const terminated = s.state?.terminated;
      // A container exists once the runtime created it: it has an ID (waiting before the first start has none).
      // Waiting in a back-off, the container that ran last is the one in lastState: there is no other.
      if (s.containerID && (running || terminated)) {
        const startedAt = running?.startedAt ?? terminated?.startedAt;
        rows.push({ ...base, id: s.containerID.replace(/^containerd:\/\//, ""), previous: false, created: startedAt ? parseTimestamp(startedAt) : 0, state: running ? "Running" : "Exited", attempt });
      }
      const last = s.lastState?.terminated;
      if (last?.containerID) rows.push({ ...base, id: last.containerID.replace(/^containerd:\/\//, ""), previous: true, created: last.startedAt ? parseTimestamp(last.startedAt) : 0, state: "Exited", attempt: Math.max(0, attempt - 1) });
    }
  }
  return rows.sort((a, b) => b.created - a.created);
}

function ps(on: OnHost, all: boolean, quiet: boolean, noTrunc: boolean): CommandResult {
  const now = on.world.clock.now();
  const rows = containersOn(on).filter((r) => all || r.state === "Running");
  const warnings = endpointWarnings(on, ["runtime", "image"]);
  if (quiet) return { stdout: rows.map((r) => `${r.id}\n`).join(""), stderr: warnings, exitCode: 0 };
  const table = [["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD", "NAMESPACE"]];
  for (const r of rows) {
    table.push([noTrunc ? r.id : truncate(r.id), r.image, `${humanDuration(now - r.created)} ago`, r.state, r.name, String(r.attempt), noTrunc ? r.podId : truncate(r.podId), r.pod, r.namespace]);
  }
  return { stdout: tabwrite(table), stderr: warnings, exitCode: 0 };
}

function pods(on: OnHost, quiet: boolean, noTrunc: boolean): CommandResult {
  const now = on.world.clock.now();
  const created = (p: Pod) => parseTimestamp(String(p.status?.startTime ?? p.metadata.creationTimestamp ?? ""));
  const list = podsOn(on)
    .filter((p) => p.status?.startTime !== undefined)
    .sort((a, b) => created(b) - created(a));
  const warnings = endpointWarnings(on, ["runtime"]);
  if (quiet) return { stdout: list.map((p) => `${sandboxIdOf(p)}\n`).join(""), stderr: warnings, exitCode: 0 };
  const table = [["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]];
  for (const p of list) {
    // A finished pod's sandbox is stopped (SANDBOX_NOTREADY).
    const state = p.status?.phase === "Succeeded" || p.status?.phase === "Failed" ? "NotReady" : "Ready";
    const id = sandboxIdOf(p);
    table.push([noTrunc ? id : truncate(id), `${humanDuration(now - created(p))} ago`, state, p.metadata.name, p.metadata.namespace ?? "default", "0", "(default)"]);
  }
  return { stdout: tabwrite(table), stderr: warnings, exitCode: 0 };
}

function images(on: OnHost, quiet: boolean, noTrunc: boolean): CommandResult {
  const node = on.world.api.find<Node>(NODE, undefined, on.host.name);
  const entries = (node?.status?.images ?? []).map((i) => {
    const names = i.names ?? [];
    const tagged = names.find((n) => !n.includes("@")) ?? names[0] ?? "";
    return { full: parseImageReference(tagged).full, size: i.sizeBytes ?? 0 };
  });
  // imageByRef: sorted by the first repo tag.
  entries.sort((a, b) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0));
  const warnings = endpointWarnings(on, ["image"]);
  if (quiet) return { stdout: entries.map((e) => `sha256:${imageIdOf(e.full)}\n`).join(""), stderr: warnings, exitCode: 0 };
  const table = [["IMAGE", "TAG", "IMAGE ID", "SIZE"]];
  for (const e of entries) {
    const at = e.full.lastIndexOf(":");
    const id = imageIdOf(e.full);
    table.push([e.full.slice(0, at), e.full.slice(at + 1), noTrunc ? `sha256:${id}` : truncate(id), humanSize(e.size)]);
  }
  return { stdout: tabwrite(table), stderr: warnings, exitCode: 0 };
}

/**
 * logs.go: the log of one container, found by its ID or a unique prefix of it (containerd's
 * lookup); --tail N and -p (the previous attempt). kadet's containers keep only the current and
 * the previous run's lines, as the pod log API does.
 */
function logs(on: OnHost, args: string[]): CommandResult {
  let tail: number | undefined;
  let previous = false;
  let id: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-p" || arg === "--previous") previous = true;
    else if (arg === "--tail" || arg.startsWith("--tail=")) {
      const value = arg === "--tail" ? args[++i] : arg.slice("--tail=".length);
      tail = Number(value);
      if (!Number.isInteger(tail)) return failure(`kadet: 'crictl logs --tail ${value ?? ""}' needs a whole number`);
    } else if (arg.startsWith("-")) return failure(`kadet: 'crictl logs ${arg}' is not simulated yet (kadet models --tail and -p)`);
    else if (id === undefined) id = arg;
    else return failure(`kadet: 'crictl logs' takes one CONTAINER-ID`);
  }
  if (id === undefined) return failure("FATA[0000] ID cannot be empty");
  const wanted = id;
  const matches = containersOn(on).filter((r) => r.id.startsWith(wanted));
  // containerd's CRI answer for an ID it does not know (crictl prints it through logrus.Fatal).
  if (matches.length !== 1) return failure(`FATA[0000] rpc error: code = NotFound desc = an error occurred when try to find container "${wanted}": not found`);
  const row = matches[0]!;
  if (previous && row.attempt === 0) return failure(`FATA[0000] previous terminated container ${row.name} not found`);
  if (previous && row.previous) return failure(`kadet: 'crictl logs -p' of a container before the previous one is not simulated yet`);
  const read = on.world.api.podLog(row.namespace, row.pod, { container: row.name, previous: previous || row.previous });
  if (!read.ok) return failure(`kadet: no log kept for container ${row.id.slice(0, TRUNCATED_ID_LEN)}: ${read.error.message}`);
  const lines = read.value.map((l) => l.line);
  const shown = tail !== undefined && tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
  return { stdout: shown.map((l) => `${l}\n`).join(""), stderr: endpointWarnings(on, ["runtime"]), exitCode: 0 };
}

const LIST_FLAGS = new Set(["-a", "--all", "-q", "--quiet", "--no-trunc"]);

export const crictlFamily: CommandFamily = {
  name: "crictl",
  run: (args, ctx) => {
    const on = hostOf(ctx);
    if (!on) return notOnAHost("crictl");
    const [verb, ...rest] = args;
    if (verb === undefined) return failure("kadet: 'crictl' without a command (its help) is not simulated yet; try crictl ps, crictl pods, crictl images or crictl logs");
    if (verb === "logs") return logs(on, rest);
    if (verb !== "ps" && verb !== "pods" && verb !== "images" && verb !== "image" && verb !== "img") return failure(`kadet: 'crictl ${verb}' is not simulated yet`);
    const unknown = rest.find((a) => !LIST_FLAGS.has(a) && !(verb === "ps" && a === "-a"));
    // Filters (--name, --namespace, --state, -o json...) and positional arguments are not modelled: refuse rather than ignore them.
    if (unknown !== undefined) return failure(`kadet: 'crictl ${verb} ${unknown}' is not simulated yet (kadet models plain listings with -a, -q and --no-trunc)`);
    const has = (...names: string[]) => rest.some((a) => names.includes(a));
    const quiet = has("-q", "--quiet");
    const noTrunc = has("--no-trunc");
    if (verb === "ps") return ps(on, has("-a", "--all"), quiet, noTrunc);
    if (has("-a", "--all")) return failure(`kadet: 'crictl ${verb} -a' is not simulated yet`);
    if (verb === "pods") return pods(on, quiet, noTrunc);
    return images(on, quiet, noTrunc);
  },
};
