/**
 * The kubeconfig file as client-go's clientcmd reads and writes it: which file
 * (`--kubeconfig`, else `$KUBECONFIG`, else `~/.kube/config`), loading (YAML →
 * JSON → the v1 types, with encoding/json's and the scheme's error texts) and
 * writing (the v1 types as JSON, in struct field order, then YAML with keys
 * sorted, lists sorted by name), with `config view`'s redaction.
 */
import { toYAML } from "./printers/yaml.js";
import { yamlChunkToValue } from "./manifests.js";
import type { Kubeconfig, KubeContext } from "../../sim/env/kubeconfig.js";

/** Which file kubectl uses, and how its messages name it. */
export interface KubeconfigLocation {
  /** The path as kubectl prints it (as given to --kubeconfig, or absolute). */
  path: string;
  /** Given by --kubeconfig: a missing file is an error for commands that reach a server. */
  explicit: boolean;
  /** A KUBECONFIG list of several files: kadet reads only the first (clientcmd merges them). */
  ignoredFiles: string[];
}

export function locateKubeconfig(flag: string, env: Readonly<Record<string, string>>): KubeconfigLocation {
  if (flag !== "") return { path: flag, explicit: true, ignoredFiles: [] };
  const list = (env["KUBECONFIG"] ?? "").split(":").filter((p) => p !== "");
  if (list.length > 0) return { path: list[0]!, explicit: false, ignoredFiles: list.slice(1) };
  return { path: `${env["HOME"] ?? "/root"}/.kube/config`, explicit: false, ignoredFiles: [] };
}

export const emptyKubeconfig = (): Kubeconfig => ({ clusters: {}, users: {}, contexts: {}, currentContext: "", preferences: {} });

type FieldType = "string" | "bool" | "bytes" | "strings" | "object" | "stringLists";
/** The v1 structs' fields in declaration order (json tags of k8s.io/client-go/tools/clientcmd/api/v1/types.go). */
const CLUSTER_FIELDS: [string, FieldType][] = [
  ["server", "string"], ["tls-server-name", "string"], ["insecure-skip-tls-verify", "bool"], ["certificate-authority", "string"],
  ["certificate-authority-data", "bytes"], ["proxy-url", "string"], ["disable-compression", "bool"], ["extensions", "object"],
];
const AUTHINFO_FIELDS: [string, FieldType][] = [
  ["client-certificate", "string"], ["client-certificate-data", "bytes"], ["client-key", "string"], ["client-key-data", "bytes"],
  ["token", "string"], ["tokenFile", "string"], ["as", "string"], ["as-uid", "string"], ["as-groups", "strings"],
  ["as-user-extra", "stringLists"], ["username", "string"], ["password", "string"], ["auth-provider", "object"], ["exec", "object"],
  ["extensions", "object"],
];
const CONTEXT_FIELDS: [string, FieldType][] = [["cluster", "string"], ["user", "string"], ["namespace", "string"], ["extensions", "object"]];
/** Which struct each list's entries hold, as encoding/json names it in its errors. */
const LISTS = {
  clusters: { named: "NamedCluster", entry: "cluster", struct: "Cluster", fields: CLUSTER_FIELDS, map: "*map[string]*api.Cluster" },
  users: { named: "NamedAuthInfo", entry: "user", struct: "AuthInfo", fields: AUTHINFO_FIELDS, map: "*map[string]*api.AuthInfo" },
  contexts: { named: "NamedContext", entry: "context", struct: "Context", fields: CONTEXT_FIELDS, map: "*map[string]*api.Context" },
} as const;
export const FIELDS_OF = { clusters: CLUSTER_FIELDS, users: AUTHINFO_FIELDS, contexts: CONTEXT_FIELDS } as const;

const jsonType = (v: unknown): string => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v === "object" ? "object" : typeof v === "boolean" ? "bool" : typeof v);
const GO_TYPES: Record<FieldType, string> = { string: "string", bool: "bool", bytes: "[]uint8", strings: "[]string", object: "object", stringLists: "map[string][]string" };

class LoadError extends Error {}
const unmarshal = (value: unknown, struct: string, path: string, goType: string): never => {
  throw new LoadError(`json: cannot unmarshal ${jsonType(value)} into Go struct field ${struct}.${path} of type ${goType}`);
};

/** base64.StdEncoding.DecodeString's verdict: the offset of the first bad byte, or undefined. */
export function base64Error(text: string): string | undefined {
  const bad = text.search(/[^A-Za-z0-9+/=]/);
  if (bad !== -1) return `illegal base64 data at input byte ${bad}`;
  if (text.length % 4 !== 0 || /=[^=]/.test(text)) return `illegal base64 data at input byte ${Math.max(0, text.length - (text.length % 4 || 4))}`;
  return undefined;
}

function decodeFields(raw: unknown, fields: readonly [string, FieldType][], struct: string, path: string): Record<string, unknown> {
  if (raw === null || raw === undefined) return {};
  if (jsonType(raw) !== "object") unmarshal(raw, struct.startsWith("Named") ? struct : struct, path, `v1.${struct}`);
  const out: Record<string, unknown> = {};
  for (const [name, type] of fields) {
    const value = (raw as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    const at = `${path}.${name}`;
    if (type === "string" && typeof value !== "string") unmarshal(value, struct, at, "string");
    if (type === "bool" && typeof value !== "boolean") unmarshal(value, struct, at, "bool");
    if (type === "bytes") {
      if (typeof value !== "string") unmarshal(value, struct, at, GO_TYPES.bytes);
      const bad = base64Error(value as string);
      if (bad) throw new LoadError(bad);
    }
    if (type === "strings" && (!Array.isArray(value) || value.some((v) => typeof v !== "string"))) unmarshal(value, struct, at, GO_TYPES.strings);
    if ((type === "object" || type === "stringLists") && typeof value !== "object") unmarshal(value, struct, at, type === "object" ? "object" : GO_TYPES.stringLists);
    // Empty values are what omitempty drops on the next write.
    if (value === "" || value === false || (Array.isArray(value) && value.length === 0)) continue;
    out[name] = structuredClone(value);
  }
  return out;
}

type Loaded = { ok: true; config: Kubeconfig } | { ok: false; error: string };

/** The last texts loaded: every command reads the file, which rarely changes between them. Callers must not mutate the result. */
const recent = new Map<string, Loaded>();

/** clientcmd.Load: the file's text as api.Config, or the error after `error loading config file "PATH": `. */
export function parseKubeconfig(text: string): Loaded {
  const cached = recent.get(text);
  if (cached) return cached;
  const loaded = loadUncached(text);
  remember(text, loaded);
  return loaded;
}

function remember(text: string, loaded: Loaded): void {
  if (recent.size >= 8) recent.delete(recent.keys().next().value!);
  recent.set(text, loaded);
}

/**
 * The text kadet itself rendered from `config` reads back as exactly `config`
 * (kubeconfig-roundtrip.test.ts), so it is remembered instead of parsed: the
 * first kubectl line of a process no longer pays ~25 ms of YAML for kadet's own file.
 */
export function rememberRenderedKubeconfig(text: string, config: Kubeconfig): void {
  remember(text, { ok: true, config: structuredClone(config) });
}

function loadUncached(text: string): Loaded {
  if (text.length === 0) return { ok: true, config: emptyKubeconfig() };
  const parsed = yamlChunkToValue(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const root = parsed.value;
  if (root === null || root === undefined) return { ok: true, config: emptyKubeconfig() };
  if (jsonType(root) !== "object") {
    return { ok: false, error: `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonType(root)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }` };
  }
  const doc = root as Record<string, unknown>;
  const kind = typeof doc["kind"] === "string" && doc["kind"] !== "" ? doc["kind"] : "Config";
  const version = typeof doc["apiVersion"] === "string" && doc["apiVersion"] !== "" ? doc["apiVersion"] : "v1";
  if (kind !== "Config" || version !== "v1") return { ok: false, error: `no kind "${kind}" is registered for version "${version}" in scheme "k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50"` };
  try {
    const config = emptyKubeconfig();
    const current = doc["current-context"];
    if (current !== undefined && current !== null && typeof current !== "string") unmarshal(current, "Config", "current-context", "string");
    config.currentContext = (current as string | undefined) ?? "";
    const preferences = doc["preferences"];
    if (preferences !== undefined && preferences !== null && jsonType(preferences) !== "object") unmarshal(preferences, "Config", "preferences", "v1.Preferences");
    config.preferences = structuredClone((preferences as Record<string, unknown> | null | undefined) ?? {});
    if (Array.isArray(doc["extensions"])) config.extensions = structuredClone(doc["extensions"]);
    for (const [list, spec] of Object.entries(LISTS)) {
      const entries = doc[list];
      if (entries === undefined || entries === null) continue;
      if (!Array.isArray(entries)) unmarshal(entries, "Config", list, `[]v1.${spec.named}`);
      const byName: Record<string, Record<string, unknown>> = {};
      for (const entry of entries as unknown[]) {
        if (jsonType(entry) !== "object") unmarshal(entry, "Config", list, `v1.${spec.named}`);
        const e = entry as Record<string, unknown>;
        if (e["name"] !== undefined && e["name"] !== null && typeof e["name"] !== "string") unmarshal(e["name"], spec.named, `${list}.name`, "string");
        const name = (e["name"] as string | undefined) ?? "";
        if (e[spec.entry] !== undefined && e[spec.entry] !== null && jsonType(e[spec.entry]) !== "object") unmarshal(e[spec.entry], spec.named, `${list}.${spec.entry}`, `v1.${spec.struct}`);
        // encoding/json names the inner struct in errors about its fields.
        if (Object.hasOwn(byName, name)) throw new LoadError(`error converting *[]${spec.named} into ${spec.map}: duplicate name "${name}" in list`);
        byName[name] = decodeFields(e[spec.entry], spec.fields, spec.struct, `${list}.${spec.entry}`);
      }
      if (list === "contexts") {
        for (const ctx of Object.values(byName)) {
          ctx["cluster"] ??= "";
          ctx["user"] ??= "";
        }
        config.contexts = byName as Record<string, KubeContext>;
      } else config[list as "clusters" | "users"] = byName;
    }
    return { ok: true, config };
  } catch (error) {
    if (error instanceof LoadError) return { ok: false, error: error.message };
    throw error;
  }
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The secrets `config view` hides unless --raw (clientcmdapi.ShortenConfig + RedactSecretsValue). */
function redacted(fields: Record<string, unknown>): Record<string, unknown> {
  const out = { ...fields };
  for (const key of ["certificate-authority-data", "client-certificate-data", "client-key-data"]) if (out[key] !== undefined) out[key] = "DATA+OMITTED";
  for (const key of ["token", "password"]) if (out[key] !== undefined) out[key] = "REDACTED";
  return out;
}

function ordered(fields: Record<string, unknown>, order: readonly [string, FieldType][], redact: boolean): Record<string, unknown> {
  const source = redact ? redacted(fields) : fields;
  const out: Record<string, unknown> = {};
  for (const [name] of order) if (source[name] !== undefined) out[name] = source[name];
  return out;
}

/** api.Config converted to v1 (lists sorted by name), fields in struct order: what `-o json` prints and the YAML is made from. */
export function toV1(config: Kubeconfig, redact = false): Record<string, unknown> {
  const list = <T>(map: Record<string, T>, entry: string, fields: readonly [string, FieldType][]) => {
    const names = Object.keys(map).sort(byteOrder);
    if (names.length === 0) return null;
    return names.map((name) => {
      const value = ordered(map[name] as Record<string, unknown>, fields, redact);
      // Cluster's server, Context's cluster and user have no omitempty.
      if (entry === "cluster") return { name, cluster: { server: "", ...value } };
      if (entry === "context") {
        value["cluster"] ??= "";
        value["user"] ??= "";
      }
      return { name, [entry]: entry === "context" ? ordered(value, CONTEXT_FIELDS, false) : value };
    });
  };
  const out: Record<string, unknown> = {
    kind: "Config",
    apiVersion: "v1",
    preferences: config.preferences,
    clusters: list(config.clusters, "cluster", CLUSTER_FIELDS),
    users: list(config.users, "user", AUTHINFO_FIELDS),
    contexts: list(config.contexts, "context", CONTEXT_FIELDS),
    "current-context": config.currentContext,
  };
  if (config.extensions && config.extensions.length > 0) out["extensions"] = config.extensions;
  return out;
}

/** The file as clientcmd.WriteToFile writes it (and `config view` shows it). */
export function renderKubeconfig(config: Kubeconfig, redact = false): string {
  return toYAML(toV1(config, redact));
}
