/**
 * One container's life as data, for every caller (the Docker daemon today,
 * the kubelet later): created → running → exited with a code, OOM-killed, or
 * killed by a signal. The process model (what the process prints, when it
 * exits, whether it handles SIGTERM) comes from the catalog. Everything is a
 * pure function of (container, time): state moves only when a caller asks,
 * and restart decisions stay with the caller.
 */
import type { ProcessBehaviour } from "../catalog/images.js";

export type ContainerState =
  | { status: "created" }
  | { status: "running"; startedAt: number }
  | {
      status: "exited";
      startedAt: number;
      finishedAt: number;
      exitCode: number;
      /** Killed by the kernel's OOM killer (exit 137, State.OOMKilled). */
      oomKilled: boolean;
      /** The signal that ended it, when one did ("SIGKILL"). */
      signal?: string;
    };

export interface LogLine {
  at: number;
  line: string;
}

export interface RuntimeContainer {
  behaviour: ProcessBehaviour;
  state: ContainerState;
  /** Every run's start and end: logs of earlier runs stay (docker logs shows them after a restart). */
  runs: { startedAt: number; finishedAt?: number }[];
}

/** Linux signal numbers (signal(7), x86) for the exit code 128+n of a process a signal ends. */
export const SIGNALS: Readonly<Record<string, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10,
  SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20,
  SIGWINCH: 28,
};

/** "TERM", "sigterm", "15" → "SIGTERM"; undefined when it names no signal. */
export function normaliseSignal(text: string): string | undefined {
  if (/^\d+$/.test(text)) return Object.entries(SIGNALS).find(([, n]) => n === Number(text))?.[0];
  const upper = text.toUpperCase();
  const name = upper.startsWith("SIG") ? upper : `SIG${upper}`;
  return SIGNALS[name] !== undefined ? name : undefined;
}

export function createContainer(behaviour: ProcessBehaviour): RuntimeContainer {
  return { behaviour, state: { status: "created" }, runs: [] };
}

/**
 * Starts the process. With a memory limit below what the process needs, the
 * kernel kills it as it starts (exit 137, OOMKilled), as a real cgroup limit does.
 */
export function startContainer(c: RuntimeContainer, now: number, limits: { memoryLimitMiB?: number; memoryMiB?: number } = {}): RuntimeContainer {
  const runs = [...c.runs, { startedAt: now }];
  if (limits.memoryLimitMiB !== undefined && limits.memoryMiB !== undefined && limits.memoryMiB > limits.memoryLimitMiB) {
    runs[runs.length - 1] = { startedAt: now, finishedAt: now };
    return { ...c, runs, state: { status: "exited", startedAt: now, finishedAt: now, exitCode: 137, oomKilled: true } };
  }
  return { ...c, runs, state: { status: "running", startedAt: now } };
}

/** When the running process ends on its own; undefined for one that runs until stopped. */
export function exitsAt(c: RuntimeContainer): number | undefined {
  if (c.state.status !== "running" || c.behaviour.kind !== "exits") return undefined;
  return c.state.startedAt + c.behaviour.afterSeconds * 1000;
}

/** The container as it is at `now`: a process whose time has come has exited with its code. */
export function advanceContainer(c: RuntimeContainer, now: number): RuntimeContainer {
  const at = exitsAt(c);
  if (at === undefined || at > now || c.behaviour.kind !== "exits") return c;
  return finish(c, at, c.behaviour.exitCode);
}

function finish(c: RuntimeContainer, at: number, exitCode: number, extra: { oomKilled?: boolean; signal?: string } = {}): RuntimeContainer {
  if (c.state.status !== "running") return c;
  const runs = c.runs.map((r, i) => (i === c.runs.length - 1 ? { ...r, finishedAt: at } : r));
  return { ...c, runs, state: { status: "exited", startedAt: c.state.startedAt, finishedAt: at, exitCode, oomKilled: extra.oomKilled ?? false, ...(extra.signal ? { signal: extra.signal } : {}) } };
}

/**
 * The kernel's OOM killer at `now`: the cgroup went over its memory limit, so the process is
 * killed with SIGKILL (exit 137) and the runtime reports it as OOMKilled.
 */
export function oomKillContainer(c: RuntimeContainer, now: number): RuntimeContainer {
  const current = advanceContainer(c, now);
  return finish(current, now, 137, { oomKilled: true, signal: "SIGKILL" });
}

/** Whether the process acts on a signal other than SIGKILL (PID 1 ignores signals it has no handler for). */
export function handlesSignal(behaviour: ProcessBehaviour, signal: string): boolean {
  if (signal === "SIGKILL") return true;
  if (behaviour.kind === "server") return ["SIGTERM", "SIGINT", "SIGQUIT", "SIGWINCH"].includes(signal);
  return !behaviour.ignoresSigterm;
}

/**
 * Delivers a signal at `now`. SIGKILL ends the process with 137. A server
 * that handles the signal shuts down cleanly (exit 0); a process with the
 * default action dies of it (128+n); PID 1 without a handler ignores it.
 */
export function signalContainer(c: RuntimeContainer, now: number, signal: string): RuntimeContainer {
  const current = advanceContainer(c, now);
  if (current.state.status !== "running") return current;
  if (signal === "SIGKILL") return finish(current, now, 137, { signal });
  if (!handlesSignal(current.behaviour, signal)) return current;
  if (current.behaviour.kind === "server") return finish(current, now, 0);
  return finish(current, now, 128 + (SIGNALS[signal] ?? 15), { signal });
}

/**
 * `docker stop`: the stop signal, then SIGKILL after the timeout if the
 * process is still running. Returns the container and how long the stop took.
 */
export function stopContainer(c: RuntimeContainer, now: number, signal: string, timeoutSeconds: number): { container: RuntimeContainer; waitedMs: number } {
  const signalled = signalContainer(c, now, signal);
  if (signalled.state.status !== "running") return { container: signalled, waitedMs: 0 };
  const deadline = now + timeoutSeconds * 1000;
  const ended = advanceContainer(signalled, deadline);
  if (ended.state.status !== "running") return { container: ended, waitedMs: (ended.state as { finishedAt: number }).finishedAt - now };
  return { container: signalContainer(ended, deadline, "SIGKILL"), waitedMs: deadline - now };
}

/** What the process printed, in order, up to `now`: each run's start-up lines, then its repeated line. */
export function containerLogs(c: RuntimeContainer, now: number): LogLine[] {
  const out: LogLine[] = [];
  const b = c.behaviour;
  for (const run of c.runs) {
    const end = Math.min(run.finishedAt ?? now, now);
    for (const line of b.logs) out.push({ at: run.startedAt, line });
    if (b.kind === "server") continue;
    for (const l of b.later ?? []) {
      const at = run.startedAt + l.afterSeconds * 1000;
      if (at <= end) out.push({ at, line: l.line });
    }
    if (b.kind === "runs" && b.repeatLog) {
      const every = b.repeatLog.everySeconds * 1000;
      // A loop prints at once, then after each sleep.
      for (let at = run.startedAt + (b.repeatLog.fromSeconds ?? 0) * 1000; at <= end && out.length < 100_000; at += every) out.push({ at, line: b.repeatLog.line });
    }
  }
  return out;
}

/**
 * The files the current run's process has written by `now` (path → content), over the
 * image's own: what `cat` in an exec probe or `kubectl exec` sees.
 */
export function containerFiles(c: RuntimeContainer, now: number, image: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const files = new Map(image);
  const run = c.runs[c.runs.length - 1];
  if (!run || c.behaviour.kind === "server") return files;
  const end = Math.min(run.finishedAt ?? now, now);
  for (const w of c.behaviour.writes ?? []) {
    if (run.startedAt + w.afterSeconds * 1000 > end) break;
    const key = w.path.replace(/^\/+/, "");
    if (w.content === undefined) files.delete(key);
    else files.set(key, w.content);
  }
  return files;
}
