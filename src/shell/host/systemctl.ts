/**
 * `systemctl` on a host of the model, for the units kadet models (units.ts):
 * status, is-active, is-enabled, start, stop, restart, enable, disable and
 * daemon-reload, with systemd 255's output (src/systemctl/systemctl-show.c
 * print_status_info, src/shared/install.c) and exit codes (LSB: status of an
 * inactive unit 3, of a unit that does not exist 4). Stopping the kubelet
 * stops that node's kubelet loop; the node lifecycle controller notices.
 */
import { kindNamed } from "../../sim/api/kinds.js";
import type { Host } from "../../sim/world/hosts.js";
import { failure, type CommandFamily, type CommandResult } from "../types.js";
import { hostOf, notOnAHost, type OnHost } from "./on-host.js";
import { formatRelative, formatTimespan, formatTimestamp } from "./systemd-time.js";
import { unitNamed, unitState, type Unit } from "./units.js";
import { parseTimestamp } from "../../sim/core/clock.js";

const NODE = kindNamed("Node")!;
/** Verbs real systemctl has that kadet does not model (answered "not simulated" rather than "unknown"). */
const UNMODELLED_VERBS = [
  "list-units", "list-unit-files", "list-sockets", "list-timers", "list-dependencies", "cat", "show", "edit", "reload",
  "try-restart", "reload-or-restart", "kill", "mask", "unmask", "reset-failed", "daemon-reexec", "reboot", "poweroff",
  "isolate", "set-property", "revert", "is-failed", "preset", "get-default", "set-default", "help", "link",
];
/** Flags that change nothing kadet prints (paging, width, quietness of status output). */
const HARMLESS_FLAGS = new Set(["--no-pager", "-l", "--full", "--no-legend", "--plain", "--no-ask-password", "--system"]);

interface Parsed {
  verb?: string;
  units: string[];
  quiet: boolean;
  now: boolean;
  unsupported?: string;
}

function parse(args: string[]): Parsed {
  const out: Parsed = { units: [], quiet: false, now: false };
  for (const arg of args) {
    if (arg === "-q" || arg === "--quiet") out.quiet = true;
    else if (arg === "--now") out.now = true;
    else if (HARMLESS_FLAGS.has(arg) || /^-n\d*$|^--lines=/.test(arg)) continue;
    else if (arg.startsWith("-")) out.unsupported ??= arg;
    else if (out.verb === undefined) out.verb = arg;
    else out.units.push(arg);
  }
  return out;
}

export const systemctlFamily: CommandFamily = {
  name: "systemctl",
  settlesWorld: true,
  run: (args, ctx) => {
    const on = hostOf(ctx);
    if (!on) return notOnAHost("systemctl");
    const p = parse(args);
    if (p.unsupported) return failure(`kadet: 'systemctl ${p.unsupported}' is not simulated yet`);
    const verb = p.verb ?? "list-units";
    if (UNMODELLED_VERBS.includes(verb)) return failure(`kadet: 'systemctl ${verb}' is not simulated yet`);
    switch (verb) {
      case "daemon-reload":
        // kadet keeps no unit files to re-read: the units' definitions are fixed (units.ts).
        return ok("");
      case "status":
        return status(on, p.units);
      case "is-active":
        return isActive(on, p.units, p.quiet);
      case "is-enabled":
        return isEnabled(on, p.units, p.quiet);
      case "start":
      case "stop":
      case "restart":
        return control(on, verb, p.units);
      case "enable":
      case "disable":
        return enableDisable(on, verb, p.units, p.now);
      default:
        return failure(`Unknown command verb '${verb}'.`);
    }
  },
};

const ok = (stdout: string, stderr = ""): CommandResult => ({ stdout, stderr, exitCode: 0 });
const unitId = (word: string) => (word.includes(".") ? word : `${word}.service`);

/** When the node's machine booted: its Node registered then (kubeadm join runs at first boot). */
function bootedAt(on: OnHost): number {
  const node = on.world.api.find(NODE, undefined, on.host.name);
  const created = node?.metadata.creationTimestamp;
  return created ? parseTimestamp(created) : on.world.clock.now();
}

function status(on: OnHost, words: string[]): CommandResult {
  if (words.length === 0) return failure("kadet: 'systemctl status' without a unit (the whole system's state) is not simulated yet; name a unit: systemctl status kubelet");
  const blocks: string[] = [];
  const errors: string[] = [];
  let exitCode = 0;
  for (const word of words) {
    const unit = unitNamed(word);
    if (!unit) {
      errors.push(`Unit ${unitId(word)} could not be found.`);
      exitCode = 4;
      continue;
    }
    const state = unitState(unit, on.host, bootedAt(on));
    blocks.push(statusText(unit, on.host, state, on.world.clock.now()));
    if (!state.active && exitCode === 0) exitCode = 3;
  }
  return { stdout: blocks.join("\n"), stderr: errors.map((e) => `${e}\n`).join(""), exitCode };
}

function statusText(unit: Unit, host: Host, state: ReturnType<typeof unitState>, now: number): string {
  const lines: string[] = [];
  lines.push(`${state.active ? "●" : "○"} ${unit.name}.service - ${unit.description}`);
  lines.push(`     Loaded: loaded (${unit.fragmentPath}; ${state.enabled ? "enabled" : "disabled"}; preset: enabled)`);
  if (unit.dropIns.length > 0) {
    const dir = unit.dropIns[0]!.slice(0, unit.dropIns[0]!.lastIndexOf("/"));
    lines.push(`    Drop-In: ${dir}`);
    lines.push(`             └─${unit.dropIns.map((d) => d.slice(d.lastIndexOf("/") + 1)).join(", ")}`);
  }
  const since = `since ${formatTimestamp(state.since)}; ${formatRelative(state.since, now)}`;
  lines.push(state.active ? `     Active: active (running) ${since}` : `     Active: inactive (dead) ${since}`);
  if (!state.active && state.startedAt !== undefined && state.since >= state.startedAt) lines.push(`   Duration: ${formatTimespan(state.since - state.startedAt)}`);
  lines.push(`       Docs: ${unit.docs}`);
  if (state.active) {
    lines.push(`   Main PID: ${state.pid} (${unit.name})`);
    lines.push(`     CGroup: /system.slice/${unit.name}.service`);
    lines.push(`             └─${state.pid} ${unit.commandLine(host)}`);
  } else {
    // The kubelet ends cleanly on SIGTERM (its signal context cancels Run), so systemd records status 0.
    lines.push(`    Process: ${state.pid} ExecStart=${unit.execStart} (code=exited, status=0/SUCCESS)`);
    lines.push(`   Main PID: ${state.pid} (code=exited, status=0/SUCCESS)`);
  }
  // Real status goes on with resource figures and the journal's last lines; kadet models neither.
  return `${lines.join("\n")}\n`;
}

function isActive(on: OnHost, words: string[], quiet: boolean): CommandResult {
  if (words.length === 0) return failure("Too few arguments.");
  let exitCode = 3;
  const out: string[] = [];
  for (const word of words) {
    const unit = unitNamed(word);
    const active = unit !== undefined && unitState(unit, on.host, bootedAt(on)).active;
    out.push(active ? "active" : "inactive");
    // systemd: 0 when at least one of the units is active.
    if (active) exitCode = 0;
  }
  return { stdout: quiet ? "" : out.map((s) => `${s}\n`).join(""), stderr: "", exitCode };
}

function isEnabled(on: OnHost, words: string[], quiet: boolean): CommandResult {
  if (words.length === 0) return failure("Too few arguments.");
  const out: string[] = [];
  let exitCode = 1;
  for (const word of words) {
    const unit = unitNamed(word);
    if (!unit) return failure(`Failed to get unit file state for ${unitId(word)}: No such file or directory`);
    const enabled = unitState(unit, on.host, bootedAt(on)).enabled;
    out.push(enabled ? "enabled" : "disabled");
    if (enabled) exitCode = 0;
  }
  return { stdout: quiet ? "" : out.map((s) => `${s}\n`).join(""), stderr: "", exitCode };
}

function control(on: OnHost, verb: "start" | "stop" | "restart", words: string[]): CommandResult {
  if (words.length === 0) return failure("Too few arguments.");
  const now = on.world.clock.now();
  for (const word of words) {
    const unit = unitNamed(word);
    // systemd: a unit file that does not exist cannot be started; stopping a unit it never loaded fails too.
    if (!unit) return failure(verb === "stop" ? `Failed to stop ${unitId(word)}: Unit ${unitId(word)} not loaded.` : `Failed to ${verb} ${unitId(word)}: Unit ${unitId(word)} not found.`, 5);
    if (!unit.controllable) return failure(`kadet: 'systemctl ${verb} ${unit.name}' is not simulated yet: containerd always runs in kadet`);
  }
  if (verb === "stop" || verb === "restart") on.world.hosts.setKubelet(on.host.name, false, now);
  if (verb === "start" || verb === "restart") on.world.hosts.setKubelet(on.host.name, true, now);
  return ok("");
}

function enableDisable(on: OnHost, verb: "enable" | "disable", words: string[], now: boolean): CommandResult {
  if (words.length === 0) return failure("Too few arguments.");
  const messages: string[] = [];
  for (const word of words) {
    const unit = unitNamed(word);
    if (!unit) return failure(`Failed to ${verb} unit: Unit file ${unitId(word)} does not exist.`);
    if (!unit.controllable) return failure(`kadet: 'systemctl ${verb} ${unit.name}' is not simulated yet: containerd always runs in kadet`);
    const link = `/etc/systemd/system/multi-user.target.wants/${unit.name}.service`;
    // install.c: the symlink each change made, on stderr; nothing when the unit already was so.
    if (on.world.hosts.setKubeletEnabled(on.host.name, verb === "enable")) {
      messages.push(verb === "enable" ? `Created symlink ${link} → ${unit.fragmentPath}.` : `Removed "${link}".`);
    }
    if (now) on.world.hosts.setKubelet(on.host.name, verb === "enable", on.world.clock.now());
  }
  return ok("", messages.map((m) => `${m}\n`).join(""));
}
