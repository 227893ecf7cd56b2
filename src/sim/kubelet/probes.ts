/**
 * The kubelet's probers (pkg/kubelet/prober): startup, liveness and readiness
 * probes on the virtual clock. Each runs first initialDelaySeconds after the
 * container started, then every periodSeconds; a result changes after
 * successThreshold successes or failureThreshold failures in a row. Startup
 * gates the other two (they do not run until it succeeded); readiness starts
 * as failure, liveness as success. A liveness or startup failure kills the
 * container (terminationGracePeriodSeconds, the probe's own first) and the
 * restart policy restarts it. What a probe sees is the process model's: the
 * ports and paths the container's process serves, the files it wrote.
 * https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
 */
import type { IContainer, IProbe } from "kubernetes-models/v1";
import type { Listener } from "../catalog/images.js";
import { pullImage } from "../catalog/images.js";
import { containerFiles, signalContainer, stopContainer } from "../runtime/container.js";
import { scriptBehaviour } from "../runtime/shell-script.js";
import type { ContainerRun, ProbeKind, StepContext } from "./container-run.js";

const KINDS: readonly ProbeKind[] = ["startup", "liveness", "readiness"];
const FIELD: Record<ProbeKind, "startupProbe" | "livenessProbe" | "readinessProbe"> = { startup: "startupProbe", liveness: "livenessProbe", readiness: "readinessProbe" };
const TITLE: Record<ProbeKind, string> = { startup: "Startup", liveness: "Liveness", readiness: "Readiness" };

/** Fresh probe state for a container that just started (prober/worker.go initial values). */
export function startProbes(c: ContainerRun, spec: IContainer | undefined, now: number): void {
  c.probes = {};
  for (const kind of KINDS) {
    const probe = spec?.[FIELD[kind]];
    if (!probe) continue;
    c.probes[kind] = { next: now + (probe.initialDelaySeconds ?? 0) * 1000, successes: 0, failures: 0, ok: kind === "liveness" };
  }
}

/** Whether the container counts as started (no startup probe, or it succeeded). */
export function isStarted(c: ContainerRun): boolean {
  return c.phase === "running" && (c.probes?.startup === undefined || c.probes.startup.ok);
}

/** Whether the container is ready: started, and its readiness probe (if any) succeeds. */
export function isReadyContainer(c: ContainerRun): boolean {
  return isStarted(c) && (c.probes?.readiness === undefined || c.probes.readiness.ok) && c.runtime?.state.status === "running";
}

/** The earliest probe due, for the loop's wake-up. */
export function nextProbeAt(c: ContainerRun): number | undefined {
  if (c.phase !== "running" || c.runtime?.state.status !== "running") return undefined;
  // typeof, not `!== undefined`: a snapshot written before `next` could be absent holds null for "never".
  const times = KINDS.map((k) => (k !== "startup" && !isStarted(c) ? undefined : c.probes?.[k]?.next)).filter((t): t is number => typeof t === "number");
  return times.length > 0 ? Math.min(...times) : undefined;
}

/** Runs every probe that is due by `now`, in time order; a failed liveness or startup probe kills the container. */
export function stepProbes(c: ContainerRun, ctx: StepContext, podIp: string): void {
  const spec = ctx.spec as IContainer | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const at = nextProbeAt(c);
    if (at === undefined || at > ctx.now) return;
    for (const kind of KINDS) {
      const state = c.probes?.[kind];
      const probe = spec?.[FIELD[kind]];
      if (!state || state.next !== at || (kind !== "startup" && !isStarted(c))) continue;
      // A probe whose spec is gone (no container spec to read) never runs again; left due, it would spin this loop.
      if (!probe) {
        delete state.next;
        continue;
      }
      state.next = at + (probe.periodSeconds ?? 10) * 1000;
      const result = runProbe(probe, c, spec, at, podIp);
      if (result.ok) {
        state.failures = 0;
        state.successes++;
        if (state.successes >= (probe.successThreshold ?? 1)) state.ok = true;
        // A startup probe that succeeded is done (worker.go: the worker stops).
        if (kind === "startup" && state.ok) {
          delete state.next;
          resumeGatedProbes(c, spec, at);
        }
        // A steady success changes nothing until the process does: skip to the first tick after its next write.
        else if (state.ok) {
          const next = nextTickAfterChange(c, at, (probe.periodSeconds ?? 10) * 1000);
          if (next === undefined) delete state.next;
          else state.next = next;
        }
        continue;
      }
      state.successes = 0;
      state.failures++;
      ctx.record("Warning", "Unhealthy", `${TITLE[kind]} probe failed: ${result.output}`);
      if (state.failures < (probe.failureThreshold ?? 3)) continue;
      state.ok = false;
      if (kind === "readiness") continue;
      kill(c, ctx, kind, probe, at);
      return;
    }
  }
}

/**
 * Liveness and readiness workers keep ticking while startup gates them, skipping each tick
 * (prober/worker.go doProbe: "Disable other probes until container has started"), so after
 * startup succeeds their first real probe is their next tick at or after `at`, never the
 * skipped ticks replayed over what the container looked like before it started.
 */
function resumeGatedProbes(c: ContainerRun, spec: IContainer | undefined, at: number): void {
  for (const kind of ["liveness", "readiness"] as const) {
    const state = c.probes?.[kind];
    const period = (spec?.[FIELD[kind]]?.periodSeconds ?? 10) * 1000;
    if (!state || state.next === undefined || state.next >= at) continue;
    state.next += Math.ceil((at - state.next) / period) * period;
  }
}

/** The first probe tick at or after the process's next file write (what an exec probe could see change); never for a server. */
function nextTickAfterChange(c: ContainerRun, at: number, period: number): number | undefined {
  const b = c.runtime?.behaviour;
  const run = c.runtime?.runs[c.runtime.runs.length - 1];
  if (!b || !run || b.kind === "server") return undefined;
  const change = (b.writes ?? []).map((w) => run.startedAt + w.afterSeconds * 1000).find((t) => t > at);
  if (change === undefined) return undefined;
  return at + Math.max(1, Math.ceil((change - at) / period)) * period;
}

function kill(c: ContainerRun, ctx: StepContext, kind: ProbeKind, probe: IProbe, at: number): void {
  ctx.record("Normal", "Killing", `Container ${c.name} failed ${kind} probe, will be restarted`);
  const grace = probe.terminationGracePeriodSeconds ?? ctx.pod.spec?.terminationGracePeriodSeconds ?? 30;
  const signalled = signalContainer(c.runtime!, at, "SIGTERM");
  c.runtime = signalled.state.status === "running" ? stopContainer(c.runtime!, at, "SIGTERM", grace).container : signalled;
}

type ProbeResult = { ok: true } | { ok: false; output: string };

function listenersOf(c: ContainerRun): Listener[] {
  const b = c.runtime?.behaviour;
  return b?.kind === "server" ? (b.listens ?? []) : [];
}

function portOf(port: number | string | undefined, spec: IContainer | undefined): number {
  if (typeof port === "number") return port;
  if (port !== undefined && /^\d+$/.test(port)) return Number(port);
  return spec?.ports?.find((p) => p.name === port)?.containerPort ?? 0;
}

/** One probe at time `at`, with the texts of pkg/probe/{http,tcp,grpc,exec}. */
function runProbe(probe: IProbe, c: ContainerRun, spec: IContainer | undefined, at: number, podIp: string): ProbeResult {
  const listeners = listenersOf(c);
  if (probe.httpGet) {
    const port = portOf(probe.httpGet.port as number | string, spec);
    const scheme = (probe.httpGet.scheme ?? "HTTP").toLowerCase();
    const host = probe.httpGet.host || podIp;
    const path = probe.httpGet.path || "/";
    const url = `${scheme}://${host}:${port}${path}`;
    const l = listeners.find((x) => x.port === port);
    if (!l) return { ok: false, output: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused` };
    if (!l.http) return { ok: false, output: `Get "${url}": EOF` };
    if (scheme === "https" && !l.http.https) return { ok: false, output: `Get "${url}": http: server gave HTTP response to HTTPS client` };
    // Go's TLS server answers plain HTTP with 400.
    if (scheme === "http" && l.http.https) return { ok: false, output: "HTTP probe failed with statuscode: 400" };
    return l.http.paths.includes(path.split("?")[0]!) ? { ok: true } : { ok: false, output: "HTTP probe failed with statuscode: 404" };
  }
  if (probe.tcpSocket) {
    const port = portOf(probe.tcpSocket.port as number | string, spec);
    const host = probe.tcpSocket.host || podIp;
    return listeners.some((x) => x.port === port) ? { ok: true } : { ok: false, output: `dial tcp ${host}:${port}: connect: connection refused` };
  }
  if (probe.grpc) {
    const addr = `${podIp}:${probe.grpc.port}`;
    const l = listeners.find((x) => x.port === probe.grpc!.port);
    if (!l) return { ok: false, output: `error: health rpc probe failed: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${addr}: connect: connection refused"` };
    return l.grpc ? { ok: true } : { ok: false, output: `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health` };
  }
  if (probe.exec) return execProbe(probe.exec.command ?? [], c, spec, at);
  return { ok: true };
}

/** An exec probe runs in the container, over the files its process has written by then. */
function execProbe(argv: string[], c: ContainerRun, spec: IContainer | undefined, at: number): ProbeResult {
  const pulled = pullImage(c.image);
  const programs = pulled.ok ? pulled.image.programs : [];
  const program = argv[0] ?? "";
  const name = program.slice(program.lastIndexOf("/") + 1);
  if (!programs.includes(name)) {
    return { ok: false, output: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown` };
  }
  const isShell = /(^|\/)(sh|bash|ash)$/.test(program) && argv[1] === "-c";
  const script = isShell ? (argv[2] ?? "") : argv.map((w) => `'${w.replaceAll("'", "'\\''")}'`).join(" ");
  const env = (spec?.env ?? []).filter((e) => e.value !== undefined).map((e) => `${e.name}=${e.value}`);
  const files = c.runtime ? containerFiles(c.runtime, at) : new Map<string, string>();
  const b = scriptBehaviour(script, { env, programs, files });
  const exitCode = b.kind === "exits" ? b.exitCode : 0;
  if (exitCode === 0) return { ok: true };
  return { ok: false, output: b.logs.join("\n") };
}
