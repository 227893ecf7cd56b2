/**
 * The texts `docker run` reads mounts and hosts from: `-v SRC:DST[:MODE]`
 * (moby volume/mounts/linux_parser.go: a source starting with "/" is a bind
 * mount, a name is a named volume, a lone path an anonymous volume; the CLI
 * makes "./x" absolute first), `--mount type=...,source=...,target=...,readonly`
 * (docker/cli opts/mount.go), `--tmpfs PATH[:OPTIONS]` and `--add-host
 * NAME:IP` (opts/hosts.go). Client-side errors are worded as the CLI's
 * ("flag" errors, recorded in testdata/cases.json); the others are the daemon's.
 */
import { posix } from "node:path";
import type { MountRequest } from "../../sim/docker/containers.js";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; side: "client" | "daemon" | "kadet" };

/** moby volume/mounts/validate.go: the modes `-v` accepts on Linux. */
const VALID_MODES = new Set(["ro", "rw", "z", "Z", "nocopy", "shared", "rshared", "slave", "rslave", "private", "rprivate"]);

function validMode(mode: string): boolean {
  return mode.split(",").every((m) => VALID_MODES.has(m));
}

/** `-v SPEC`: cwd makes a "./x" or "../x" source absolute, as CLI 23+ does. */
export function parseVolumeSpec(spec: string, cwd: string): Parsed<MountRequest> {
  if (spec === "") return { ok: false, error: "invalid empty volume spec", side: "client" };
  const invalid = (why?: string): Parsed<MountRequest> => ({ ok: false, error: `invalid volume specification: '${spec}'${why ? `: ${why}` : ""}`, side: "daemon" });
  const parts = spec.split(":");
  let source: string | undefined;
  let target: string;
  let mode = "";
  if (parts.length === 1) target = parts[0]!;
  else if (parts.length === 2) {
    // linux_parser.go: "Destination + Mode is not a valid volume - volumes cannot include a mode. e.g. /foo:rw".
    if (validMode(parts[1]!)) return invalid();
    [source, target] = [parts[0]!, parts[1]!];
  } else if (parts.length === 3) [source, target, mode] = [parts[0]!, parts[1]!, parts[2]!];
  else return invalid();
  if (mode !== "" && !validMode(mode)) return invalid(`invalid mode: ${mode}`);
  if (source?.startsWith(".")) source = posix.resolve(cwd, source);
  const type = source === undefined ? "volume" : source.startsWith("/") ? "bind" : "volume";
  if (!target.startsWith("/")) return invalid(`invalid mount config for type "${type}": invalid mount path: '${target}' mount path must be absolute`);
  if (source === "") return invalid();
  const readOnly = mode.split(",").includes("ro");
  return { ok: true, value: { type, ...(source !== undefined ? { source } : {}), target, readOnly, via: "volume-flag", spec, ...(mode ? { mode } : {}) } };
}

/** `--mount KEY=VALUE,...`; the CLI checks the keys and the target, the daemon the rest. */
export function parseMountSpec(text: string): Parsed<MountRequest> {
  const flagError = (why: string): Parsed<MountRequest> => ({ ok: false, error: `invalid argument "${text}" for "--mount" flag: ${why}`, side: "client" });
  let type = "volume";
  let source: string | undefined;
  let target = "";
  let readOnly = false;
  for (const field of text.split(",")) {
    const eq = field.indexOf("=");
    const k = (eq === -1 ? field : field.slice(0, eq)).toLowerCase();
    const v = eq === -1 ? undefined : field.slice(eq + 1);
    if (k === "readonly" || k === "ro") {
      if (v !== undefined && !["true", "false", "1", "0"].includes(v.toLowerCase())) return flagError(`invalid value for ${k}: ${v}`);
      readOnly = v === undefined || ["true", "1"].includes(v.toLowerCase());
      continue;
    }
    if (v === undefined) return flagError(`invalid field '${field}' must be a key=value pair`);
    if (k === "type") type = v;
    else if (k === "source" || k === "src") source = v;
    else if (k === "target" || k === "destination" || k === "dst") target = v;
    else if (["bind-propagation", "volume-nocopy", "volume-driver", "volume-label", "volume-opt", "tmpfs-size", "tmpfs-mode", "consistency", "bind-recursive", "volume-subpath"].includes(k)) {
      return { ok: false, error: `kadet: 'docker run --mount ${k}=...' is not simulated yet`, side: "kadet" };
    } else return flagError(`unexpected key '${k}' in '${field}'`);
  }
  if (target === "") return flagError("target is required");
  if (type !== "volume" && type !== "bind" && type !== "tmpfs") return { ok: false, error: `kadet: 'docker run --mount type=${type}' is not simulated yet`, side: "kadet" };
  if (!target.startsWith("/")) return { ok: false, error: `invalid mount config for type "${type}": invalid mount path: '${target}' mount path must be absolute`, side: "daemon" };
  if (type === "bind" && (source === undefined || source === "")) return { ok: false, error: `invalid mount config for type "bind": field Source must not be empty`, side: "daemon" };
  if (type === "bind" && !source!.startsWith("/")) return { ok: false, error: `invalid mount config for type "bind": invalid mount path: '${source}' mount path must be absolute`, side: "daemon" };
  if (type === "tmpfs" && source) return { ok: false, error: `invalid mount config for type "tmpfs": field Source must not be specified`, side: "daemon" };
  return { ok: true, value: { type, ...(source ? { source } : {}), target, readOnly, via: "mount-flag" } };
}

/** `--tmpfs /path[:options]`. */
export function parseTmpfs(text: string): Parsed<MountRequest> {
  const [target] = text.split(":", 1) as [string];
  if (!target.startsWith("/")) return { ok: false, error: `invalid mount config for type "tmpfs": invalid mount path: '${target}' mount path must be absolute`, side: "daemon" };
  return { ok: true, value: { type: "tmpfs", target, readOnly: false, via: "tmpfs-flag" } };
}

/** opts/hosts.go ValidateExtraHost: "name:ip" or "name=ip"; "host-gateway" is kept and resolved by the daemon. */
export function parseAddHost(text: string): Parsed<string> {
  const sep = text.includes("=") ? text.indexOf("=") : text.indexOf(":");
  if (sep <= 0) return { ok: false, error: `invalid argument "${text}" for "--add-host" flag: bad format for add-host: "${text}"`, side: "client" };
  const name = text.slice(0, sep);
  const ip = text.slice(sep + 1).replace(/^\[(.*)\]$/, "$1");
  if (ip !== "host-gateway" && !/^(\d{1,3}\.){3}\d{1,3}$/.test(ip) && !/^[0-9a-fA-F:]+$/.test(ip)) return { ok: false, error: `invalid argument "${text}" for "--add-host" flag: invalid IP address in add-host: "${ip}"`, side: "client" };
  return { ok: true, value: `${name}:${ip}` };
}
