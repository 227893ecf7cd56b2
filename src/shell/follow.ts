/**
 * Commands that run until interrupted, for the interactive terminal: `kubectl get -w`,
 * `kubectl logs -f`, `docker logs -f`, `watch CMD` and `sleep N`. The terminal starts one, then calls
 * `tick()` as real time passes; every tick lets one virtual second pass (`sim clock advance`)
 * and reads the command's view again, printing only what is new, until the learner presses
 * Ctrl-C (or `sleep` is over). Built on the session's own `run`, so a follow sees exactly
 * what the plain command would. Script mode does not use this: there the commands keep
 * their bounded behaviour (`kubectl get -w` and `logs -f` are refused as not simulated,
 * `docker logs -f` prints the logs so far, `sleep` advances the clock at once).
 */

import { WATCH_ONCE_NOTE } from "./watch.js";
import { keyspaceOf, watchEvents, type Keyspace } from "./etcdctl/watch.js";
import { GLOBAL_FLAGS } from "./etcdctl/flags.js";

export interface FollowOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export type Run = (line: string) => Promise<FollowOutput>;

export interface FollowRun {
  /** What the command prints at once. `done` when it already ended (a failing read). */
  start(): Promise<FollowOutput & { done: boolean }>;
  /** One virtual second later: only what is new; `done` when the command ended on its own. */
  tick(): Promise<FollowOutput & { done: boolean }>;
}

/** How many ticks a `sleep` may take at most: a long sleep moves the clock in bigger steps. */
const MAX_SLEEP_TICKS = 50;
/** Only a plain command line is followed; pipes, lists and quotes run as they always do. */
const PLAIN = /^[\w\s\-=./:,@]+$/;

export function followCommand(line: string, run: Run): FollowRun | undefined {
  const trimmed = line.trim();
  // watch takes its command quoted or not, pipes included: the shell parses it each time.
  if (/^watch(\s|$)/.test(trimmed) && !/[;&|]\s*$/.test(trimmed)) return procpsWatchFollow(trimmed, run);
  if (!PLAIN.test(trimmed)) return undefined;
  const words = trimmed.split(/\s+/);
  if (words[0] === "sleep") return sleepFollow(words.slice(1), run);
  if (words[0] === "kubectl" && words.some((w) => w === "get") && words.some(isWatchFlag)) return watchFollow(words, run);
  // `ETCDCTL_API=3 etcdctl ...`: assignments before the command word, as the exam's commands have them.
  if (words.find((w) => !/^[A-Za-z_]\w*=/.test(w)) === "etcdctl" && words.includes("watch") && followableWatch(words)) return etcdWatchFollow(words, run);
  if ((words[0] === "kubectl" || words[0] === "docker") && words.includes("logs") && words.some(isFollowFlag)) {
    return logsFollow(words.filter((w) => !isFollowFlag(w)).join(" "), run);
  }
  return undefined;
}

function isWatchFlag(word: string): boolean {
  return word === "-w" || word === "--watch" || word === "--watch=true" || word === "--watch-only" || word === "--watch-only=true";
}

function isFollowFlag(word: string): boolean {
  return word === "-f" || word === "--follow" || word === "--follow=true";
}

const advance = (run: Run, seconds: number) => run(`sim clock advance ${seconds}s`);

/** GNU sleep: NUMBER[SUFFIX]... summed; s (default), m, h, d. Undefined when an operand is not one. */
export function sleepSeconds(operands: readonly string[]): number | undefined {
  if (operands.length === 0) return undefined;
  let total = 0;
  for (const operand of operands) {
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(operand);
    if (!m) return undefined;
    total += Number(m[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  }
  return total;
}

function sleepFollow(operands: string[], run: Run): FollowRun | undefined {
  const total = sleepSeconds(operands);
  // Whole seconds only: the clock moves in seconds; anything else is left to the sleep builtin.
  if (total === undefined || !Number.isInteger(total)) return undefined;
  const step = Math.max(1, Math.ceil(total / MAX_SLEEP_TICKS));
  let left = total;
  return {
    start: async () => ({ stdout: "", stderr: "", exitCode: 0, done: total === 0 }),
    tick: async () => {
      const now = Math.min(step, left);
      const result = await advance(run, now);
      if (result.exitCode !== 0) return { ...result, done: true };
      left -= now;
      return { stdout: "", stderr: "", exitCode: 0, done: left <= 0 };
    },
  };
}

function logsFollow(base: string, run: Run): FollowRun {
  let shown = "";
  const read = async (first: boolean): Promise<FollowOutput & { done: boolean }> => {
    if (!first) await advance(run, 1);
    const result = await run(base);
    if (result.exitCode !== 0) return { ...result, done: true };
    // A log only grows; after a restart the new container's log follows the old one's.
    const added = result.stdout.startsWith(shown) ? result.stdout.slice(shown.length) : result.stdout;
    shown = result.stdout;
    return { stdout: added, stderr: first ? result.stderr.split("\n").filter((l) => !l.includes("is not simulated")).join("\n") : "", exitCode: 0, done: false };
  };
  return { start: () => read(true), tick: () => read(false) };
}

/**
 * `kubectl get -w`: the table, then a row each time an object changes (kubectl prints one per
 * watch event). A change is a row that differs other than in its AGE; a deleted object's last
 * row is printed once more, as the DELETED event shows it.
 */
function watchFollow(words: string[], run: Run): FollowRun {
  const watchOnly = words.some((w) => w.startsWith("--watch-only"));
  const base = words.filter((w) => !isWatchFlag(w)).join(" ");
  let rows = new Map<string, { row: string; compared: string }>();
  const read = async (first: boolean): Promise<FollowOutput & { done: boolean }> => {
    if (!first) await advance(run, 1);
    const result = await run(base);
    if (result.exitCode !== 0) return { ...result, done: true };
    const lines = result.stdout.split("\n").filter((l) => l !== "");
    const header = lines[0] ?? "";
    const next = new Map<string, { row: string; compared: string }>();
    const changed: string[] = [];
    for (const row of lines.slice(1)) {
      const entry = { row, compared: withoutAge(header, row) };
      const key = keyOf(header, row);
      next.set(key, entry);
      if (rows.get(key)?.compared !== entry.compared) changed.push(row);
    }
    if (!first) for (const [key, gone] of rows) if (!next.has(key)) changed.push(gone.row);
    rows = next;
    if (first) {
      // "No resources found" is on stderr; a watch then waits for the first object.
      return { stdout: watchOnly ? "" : result.stdout, stderr: result.stderr, exitCode: 0, done: false };
    }
    return { stdout: changed.map((r) => `${r}\n`).join(""), stderr: "", exitCode: 0, done: false };
  };
  return { start: () => read(true), tick: () => read(false) };
}

function cells(row: string): string[] {
  return row.trim().split(/\s{2,}/);
}

function keyOf(header: string, row: string): string {
  const c = cells(row);
  return header.trimStart().startsWith("NAMESPACE") ? `${c[0]}/${c[1]}` : (c[0] ?? row);
}

function withoutAge(header: string, row: string): string {
  const at = cells(header).indexOf("AGE");
  const c = cells(row);
  if (at >= 0 && c.length === cells(header).length) c.splice(at, 1);
  return c.join("  ");
}

/** Flags of etcdctl that take a value in the next word when written without `=`. */
const ETCDCTL_VALUE_FLAGS = new Set(GLOBAL_FLAGS.filter((f) => !f.bool).flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));

/**
 * A watch the terminal follows: one key, only --prefix and --prev-kv. Any other (a refused flag,
 * a wrong number of keys, -w json) runs as the command itself, which answers with etcdctl's words.
 */
function followableWatch(words: string[]): boolean {
  const positional: string[] = [];
  for (let i = words.indexOf("watch") + 1; i < words.length; i++) {
    const w = words[i]!;
    if (ETCDCTL_VALUE_FLAGS.has(w)) {
      if (w === "-w" || w === "--write-out") return false;
      i++;
    } else if (w.startsWith("-")) {
      if (/^--(write-out|rev|interactive|progress-notify)\b|^-[wi]\b/.test(w)) return false;
    } else positional.push(w);
  }
  return positional.length === 1;
}

/**
 * `etcdctl watch KEY [--prefix] [--prev-kv]`: nothing at first, then each second the events
 * since the last (etcdctl/watch.ts), read with `etcdctl get ... -w json` through the same
 * endpoints and certificates. A refused watch (bad flags, no member reachable) ends at once.
 */
function etcdWatchFollow(words: string[], run: Run): FollowRun {
  const prevKv = words.some((w) => w === "--prev-kv" || w === "--prev-kv=true");
  const at = words.indexOf("watch");
  const getLine = [...words.slice(0, at), "get", ...words.slice(at + 1).filter((w) => !w.startsWith("--prev-kv")), "-w", "json"].join(" ");
  let seen: Keyspace = new Map();
  const read = async (): Promise<Keyspace | FollowOutput> => {
    const result = await run(getLine);
    if (result.exitCode !== 0) return result;
    const parsed = JSON.parse(result.stdout) as { kvs?: { key: string; value?: string; mod_revision: number }[] };
    const text = (b64: string | undefined) => Buffer.from(b64 ?? "", "base64").toString("utf8");
    return keyspaceOf((parsed.kvs ?? []).map((kv) => ({ key: text(kv.key), value: text(kv.value), modRevision: kv.mod_revision })));
  };
  return {
    start: async () => {
      const first = await read();
      if (!(first instanceof Map)) return { ...first, done: true };
      seen = first;
      return { stdout: "", stderr: "", exitCode: 0, done: false };
    },
    tick: async () => {
      const moved = await advance(run, 1);
      if (moved.exitCode !== 0) return { ...moved, done: true };
      const now = await read();
      if (!(now instanceof Map)) return { stdout: "", stderr: "", exitCode: 0, done: false };
      const stdout = watchEvents(seen, now, prevKv);
      seen = now;
      return { stdout, stderr: "", exitCode: 0, done: false };
    },
  };
}

/**
 * `watch [-n S] CMD`: its screen at once, then every S virtual seconds it runs again, and a
 * screen that changed is printed anew (watch redraws in place; a scrollback can only add).
 * The session's watch draws one screen; its "runs once" note is for script mode only.
 */
function procpsWatchFollow(line: string, run: Run): FollowRun {
  const given = /(?:^|\s)(?:-n\s*|--interval[=\s])(\d+(?:[.,]\d+)?)(?=\s)/.exec(line);
  const interval = given ? Math.max(1, Number(given[1]!.replace(",", "."))) : 2;
  let waited = 0;
  let shown: string | undefined;
  const body = (stdout: string) => stdout.replace(/^Every [^\n]*\n\n/, "");
  const notes = (stderr: string) => stderr.split("\n").filter((l) => l !== "" && l !== WATCH_ONCE_NOTE).map((l) => `${l}\n`).join("");
  return {
    start: async () => {
      const result = await run(line);
      shown = body(result.stdout);
      return { stdout: result.stdout, stderr: notes(result.stderr), exitCode: result.exitCode, done: result.exitCode !== 0 };
    },
    tick: async () => {
      const moved = await advance(run, 1);
      if (moved.exitCode !== 0) return { ...moved, done: true };
      if (++waited < interval) return { stdout: "", stderr: "", exitCode: 0, done: false };
      waited = 0;
      const result = await run(line);
      if (body(result.stdout) === shown) return { stdout: "", stderr: "", exitCode: 0, done: false };
      shown = body(result.stdout);
      return { stdout: result.stdout, stderr: "", exitCode: 0, done: false };
    },
  };
}
