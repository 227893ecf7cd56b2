/**
 * A Compose project read from the working folder: the file found as Compose
 * v2 looks for it (compose.yaml, compose.yml, docker-compose.yaml,
 * docker-compose.yml, or `-f`), `${VAR}` interpolation from the shell and
 * `.env`, the project name (`-p`, COMPOSE_PROJECT_NAME, `name:`, the folder),
 * and validation against the Compose Specification fields kadet models.
 * A field the specification has but kadet does not act on is refused by name
 * ("not simulated"), never dropped; a field the specification lacks gets
 * compose-go's own "additional properties ... not allowed".
 */
import { posix } from "node:path";
import { parseDocument } from "yaml";
import type { FamilyContext } from "../../types.js";

export const COMPOSE_FILES = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

/** Service fields of the Compose Specification (compose-spec schema), to tell unknown fields from unmodelled ones. */
const SPEC_SERVICE_FIELDS = new Set(
  ("annotations attach build blkio_config cpu_count cpu_percent cpu_shares cpu_period cpu_quota cpu_rt_runtime cpu_rt_period cpus cpuset " +
    "cap_add cap_drop cgroup cgroup_parent command configs container_name credential_spec depends_on deploy develop device_cgroup_rules " +
    "devices dns dns_opt dns_search domainname entrypoint env_file environment expose extends external_links extra_hosts gpus group_add " +
    "healthcheck hostname image init ipc isolation labels label_file links logging mac_address mem_limit mem_reservation mem_swappiness " +
    "memswap_limit network_mode networks oom_kill_disable oom_score_adj pid pids_limit platform ports post_start pre_stop privileged " +
    "profiles provider pull_policy read_only restart runtime scale secrets security_opt shm_size stdin_open stop_grace_period stop_signal " +
    "storage_opt sysctls tmpfs tty ulimits user userns_mode uts volumes volumes_from working_dir").split(" "),
);
/** The service fields kadet acts on. */
const SIMULATED_SERVICE_FIELDS = new Set(["build", "command", "container_name", "depends_on", "entrypoint", "environment", "image", "networks", "ports", "read_only", "restart", "user", "volumes", "working_dir"]);
const SPEC_TOP_FIELDS = new Set(["version", "name", "services", "networks", "volumes", "configs", "secrets", "include", "models"]);
const SIMULATED_TOP_FIELDS = new Set(["version", "name", "services", "networks", "volumes"]);

export interface PortSpec {
  target: number;
  published: string;
  hostIp: string;
  protocol: string;
}

export interface VolumeSpec {
  type: "volume" | "bind";
  /** The volume's project name ("data", not yet "<project>_data"), an absolute host path, or "" for an anonymous volume. */
  source: string;
  target: string;
  readOnly: boolean;
}

export interface ServiceSpec {
  name: string;
  image?: string;
  build?: { context: string; dockerfile: string; args: Record<string, string>; target?: string };
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  ports: PortSpec[];
  volumes: VolumeSpec[];
  /** Network name in the file → aliases. */
  networks: Record<string, string[]>;
  dependsOn: string[];
  containerName?: string;
  workingDir?: string;
  user?: string;
  restart?: string;
  readOnly: boolean;
}

export interface Project {
  name: string;
  /** The folder the file is in (relative paths resolve against it). */
  workingDir: string;
  file: string;
  services: ServiceSpec[];
  /** Network name in the file → its Docker name (`<project>_default`). */
  networks: Record<string, string>;
  /** Volume name in the file → its Docker name (`<project>_data`). */
  volumes: Record<string, string>;
  /** Warnings Compose prints on stderr (`version` is obsolete, unset variables). */
  warnings: string[];
}

export type Loaded = { ok: true; project: Project } | { ok: false; error: string };

/** Compose's project-name rule (NormalizeProjectName): lowercase, [a-z0-9_-], starting with a letter or digit. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, "").replace(/^[^a-z0-9]+/, "");
}

/** ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, $VAR, $$ (compose-go template). */
export function interpolate(text: string, vars: Record<string, string>, warnings: string[]): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, op?: string, arg?: string, bare?: string) => {
    if (whole === "$$") return "$";
    const name = (braced ?? bare)!;
    const value = vars[name];
    if (op === ":-" && (value === undefined || value === "")) return arg ?? "";
    if (op === "-" && value === undefined) return arg ?? "";
    if (value === undefined) {
      const line = `WARN[0000] The "${name}" variable is not set. Defaulting to a blank string.`;
      if (!warnings.includes(line)) warnings.push(line);
      return "";
    }
    return value;
  });
}

/** KEY=VALUE lines of a .env file (comments and blank lines skipped, quotes removed). */
function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq === -1) continue;
    let value = line.slice(eq + 1).trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, "");
    out[line.slice(0, eq).trim().replace(/^export\s+/, "")] = value;
  }
  return out;
}

function interpolateTree(node: unknown, vars: Record<string, string>, warnings: string[]): unknown {
  if (typeof node === "string") return interpolate(node, vars, warnings);
  if (Array.isArray(node)) return node.map((n) => interpolateTree(n, vars, warnings));
  if (node !== null && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateTree(v, vars, warnings)]));
  return node;
}

const invalid = (message: string): Loaded => ({ ok: false, error: `${message}: invalid compose project` });

export interface LoadOptions {
  file?: string;
  projectName?: string;
}

export async function loadProject(family: FamilyContext, options: LoadOptions): Promise<Loaded> {
  let fileName = options.file;
  let text: string | undefined;
  if (fileName !== undefined) {
    text = await family.readFile(fileName);
    if (text === undefined) return { ok: false, error: `open ${posix.resolve(family.cwd, fileName)}: no such file or directory` };
  } else {
    for (const candidate of COMPOSE_FILES) {
      text = await family.readFile(candidate);
      if (text !== undefined) {
        fileName = candidate;
        break;
      }
    }
    if (text === undefined || fileName === undefined) return { ok: false, error: "no configuration file provided: not found" };
  }
  const path = posix.resolve(family.cwd, fileName);
  const workingDir = posix.dirname(path);
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    return { ok: false, error: `kadet: ${fileName} line ${e.linePos?.[0].line ?? 0}: ${e.message.split("\n")[0]} (Compose words YAML errors differently: yaml: line N: ...)` };
  }
  const dotEnv = parseDotEnv((await family.readFile(posix.join(workingDir, ".env"))) ?? "");
  // The shell's variables win over .env (Compose docs, "Environment variables precedence").
  const vars = { ...dotEnv, ...family.env };
  const warnings: string[] = [];
  const raw = interpolateTree(doc.toJS({ maxAliasCount: 100 }), vars, warnings);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { ok: false, error: `validating ${path}: (root) must be a mapping` };
  const top = raw as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (key.startsWith("x-")) continue;
    if (!SPEC_TOP_FIELDS.has(key)) return { ok: false, error: `validating ${path}: (root) additional properties '${key}' not allowed` };
    if (!SIMULATED_TOP_FIELDS.has(key)) return { ok: false, error: `kadet: '${key}' in ${fileName} is not simulated yet` };
  }
  if ("version" in top) warnings.push(`WARN[0000] ${path}: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`);
  const name = normalizeProjectName(options.projectName ?? family.env.COMPOSE_PROJECT_NAME ?? (typeof top.name === "string" ? top.name : posix.basename(workingDir)));
  if (name === "") return { ok: false, error: `project name must not be empty` };
  const servicesNode = top.services;
  if (servicesNode === undefined || servicesNode === null) return { ok: false, error: "no service selected" };
  if (typeof servicesNode !== "object" || Array.isArray(servicesNode)) return { ok: false, error: `validating ${path}: services must be a mapping` };

  const networks: Record<string, string> = { default: `${name}_default` };
  for (const [key, value] of Object.entries(asMap(top.networks))) {
    const spec = asMap(value);
    const unknown = Object.keys(spec).find((k) => k !== "name");
    if (unknown) return { ok: false, error: `kadet: 'networks.${key}.${unknown}' in ${fileName} is not simulated yet` };
    networks[key] = typeof spec.name === "string" ? spec.name : `${name}_${key}`;
  }
  const volumes: Record<string, string> = {};
  for (const [key, value] of Object.entries(asMap(top.volumes))) {
    const spec = asMap(value);
    const unknown = Object.keys(spec).find((k) => k !== "name");
    if (unknown) return { ok: false, error: `kadet: 'volumes.${key}.${unknown}' in ${fileName} is not simulated yet` };
    volumes[key] = typeof spec.name === "string" ? spec.name : `${name}_${key}`;
  }

  const services: ServiceSpec[] = [];
  for (const [serviceName, node] of Object.entries(servicesNode as Record<string, unknown>)) {
    const s = asMap(node);
    for (const key of Object.keys(s)) {
      if (key.startsWith("x-")) continue;
      if (!SPEC_SERVICE_FIELDS.has(key)) return { ok: false, error: `validating ${path}: services.${serviceName} additional properties '${key}' not allowed` };
      if (!SIMULATED_SERVICE_FIELDS.has(key)) return { ok: false, error: `kadet: 'services.${serviceName}.${key}' in ${fileName} is not simulated yet` };
    }
    const parsed = parseService(serviceName, s, workingDir, fileName);
    if (typeof parsed === "string") return { ok: false, error: parsed };
    if (!parsed.image && !parsed.build) return invalid(`service "${serviceName}" has neither an image nor a build context specified`);
    if (Object.keys(parsed.networks).length === 0) parsed.networks = { default: [] };
    for (const net of Object.keys(parsed.networks)) if (!(net in networks)) return invalid(`service "${serviceName}" refers to undefined network ${net}`);
    for (const v of parsed.volumes) if (v.type === "volume" && v.source !== "" && !(v.source in volumes)) return invalid(`service "${serviceName}" refers to undefined volume ${v.source}`);
    services.push(parsed);
  }
  for (const s of services) {
    for (const d of s.dependsOn) if (!services.some((o) => o.name === d)) return invalid(`service "${s.name}" depends on undefined service "${d}"`);
  }
  const ordered = dependencyOrder(services);
  if (!ordered) return { ok: false, error: "dependency cycle detected" };
  return { ok: true, project: { name, workingDir, file: path, services: ordered, networks, volumes, warnings } };
}

function asMap(node: unknown): Record<string, unknown> {
  return node !== null && typeof node === "object" && !Array.isArray(node) ? (node as Record<string, unknown>) : {};
}

/** Compose splits a string command as a shell would (shellwords), without running a shell. */
function words(node: unknown): string[] | undefined {
  if (node === undefined || node === null) return undefined;
  if (Array.isArray(node)) return node.map(String);
  const out: string[] = [];
  for (const m of String(node).matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? m[3]!));
  return out;
}

function parseService(name: string, s: Record<string, unknown>, workingDir: string, fileName: string): ServiceSpec | string {
  const notSimulated = (field: string) => `kadet: 'services.${name}.${field}' in ${fileName} is not simulated yet`;
  const environment: Record<string, string> = {};
  if (Array.isArray(s.environment)) {
    for (const e of s.environment.map(String)) {
      const eq = e.indexOf("=");
      if (eq !== -1) environment[e.slice(0, eq)] = e.slice(eq + 1);
    }
  } else for (const [k, v] of Object.entries(asMap(s.environment))) if (v !== null && v !== undefined) environment[k] = String(v);

  const ports: PortSpec[] = [];
  for (const p of Array.isArray(s.ports) ? s.ports : []) {
    if (typeof p === "object" && p !== null) {
      const long = p as Record<string, unknown>;
      ports.push({ target: Number(long.target), published: long.published === undefined ? "" : String(long.published), hostIp: String(long.host_ip ?? ""), protocol: String(long.protocol ?? "tcp") });
      continue;
    }
    const [spec, protocol = "tcp"] = String(p).split("/");
    const parts = spec!.split(":");
    if (parts.some((x) => x.includes("-"))) return notSimulated("ports (ranges)");
    const target = Number(parts[parts.length - 1]);
    if (!Number.isInteger(target) || target <= 0 || target > 65535) return `invalid containerPort: ${parts[parts.length - 1]}`;
    ports.push({ target, published: parts.length >= 2 ? parts[parts.length - 2]! : "", hostIp: parts.length >= 3 ? parts.slice(0, -2).join(":") : "", protocol });
  }

  const volumes: VolumeSpec[] = [];
  for (const v of Array.isArray(s.volumes) ? s.volumes : []) {
    if (typeof v === "object" && v !== null) {
      const long = v as Record<string, unknown>;
      const type = String(long.type ?? "volume");
      if (type !== "volume" && type !== "bind") return notSimulated(`volumes (type ${type})`);
      const source = String(long.source ?? "");
      volumes.push({ type, source: type === "bind" ? posix.resolve(workingDir, source) : source, target: String(long.target ?? ""), readOnly: long.read_only === true });
      continue;
    }
    const parts = String(v).split(":");
    if (parts.length === 1) {
      volumes.push({ type: "volume", source: "", target: parts[0]!, readOnly: false });
      continue;
    }
    const [source, target, mode = "rw"] = parts as [string, string, string | undefined];
    const isPath = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
    volumes.push({ type: isPath ? "bind" : "volume", source: isPath ? posix.resolve(workingDir, source) : source, target, readOnly: mode.split(",").includes("ro") });
  }

  const networks: Record<string, string[]> = {};
  if (Array.isArray(s.networks)) for (const n of s.networks) networks[String(n)] = [];
  else {
    for (const [n, spec] of Object.entries(asMap(s.networks))) {
      const unknown = Object.keys(asMap(spec)).find((k) => k !== "aliases");
      if (unknown) return notSimulated(`networks.${n}.${unknown}`);
      networks[n] = (asMap(spec).aliases as unknown[] | undefined)?.map(String) ?? [];
    }
  }

  let dependsOn: string[] = [];
  if (Array.isArray(s.depends_on)) dependsOn = s.depends_on.map(String);
  else {
    for (const [d, spec] of Object.entries(asMap(s.depends_on))) {
      const condition = asMap(spec).condition ?? "service_started";
      if (condition !== "service_started") return notSimulated(`depends_on.${d}.condition: ${String(condition)}`);
      dependsOn.push(d);
    }
  }

  let build: ServiceSpec["build"];
  if (typeof s.build === "string") build = { context: posix.resolve(workingDir, s.build), dockerfile: "Dockerfile", args: {} };
  else if (s.build !== undefined) {
    const b = asMap(s.build);
    const unknown = Object.keys(b).find((k) => !["context", "dockerfile", "args", "target"].includes(k));
    if (unknown) return notSimulated(`build.${unknown}`);
    const args: Record<string, string> = {};
    if (Array.isArray(b.args)) for (const a of b.args.map(String)) args[a.split("=")[0]!] = a.slice(a.indexOf("=") + 1);
    else for (const [k, v] of Object.entries(asMap(b.args))) args[k] = String(v ?? "");
    build = { context: posix.resolve(workingDir, String(b.context ?? ".")), dockerfile: String(b.dockerfile ?? "Dockerfile"), args, ...(b.target !== undefined ? { target: String(b.target) } : {}) };
  }

  const command = words(s.command);
  const entrypoint = words(s.entrypoint);
  return {
    name,
    ...(s.image !== undefined ? { image: String(s.image) } : {}),
    ...(build ? { build } : {}),
    ...(command ? { command } : {}),
    ...(entrypoint ? { entrypoint } : {}),
    environment,
    ports,
    volumes,
    networks,
    dependsOn,
    ...(s.container_name !== undefined ? { containerName: String(s.container_name) } : {}),
    ...(s.working_dir !== undefined ? { workingDir: String(s.working_dir) } : {}),
    ...(s.user !== undefined ? { user: String(s.user) } : {}),
    ...(s.restart !== undefined ? { restart: String(s.restart) } : {}),
    readOnly: s.read_only === true,
  };
}

/** Services so that each comes after what it depends on, otherwise in file order; undefined on a cycle. */
function dependencyOrder(services: ServiceSpec[]): ServiceSpec[] | undefined {
  const out: ServiceSpec[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (s: ServiceSpec): boolean => {
    const seen = state.get(s.name);
    if (seen === "done") return true;
    if (seen === "visiting") return false;
    state.set(s.name, "visiting");
    for (const d of s.dependsOn) if (!visit(services.find((o) => o.name === d)!)) return false;
    state.set(s.name, "done");
    out.push(s);
    return true;
  };
  for (const s of services) if (!visit(s)) return undefined;
  return out;
}
