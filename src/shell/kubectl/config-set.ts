/**
 * `kubectl config set|unset PROPERTY`: a dot-separated path walked over
 * client-go's api.Config the way kubectl's navigation_step_parser.go does:
 * struct fields by their json names, and map keys that run until the next
 * token naming a field of the map's value type (so a key cannot contain a
 * dot). Values are parsed as the field's kind (string, bool, base64 []byte).
 */
import type { Kubeconfig } from "../../sim/env/kubeconfig.js";
import { base64Error, FIELDS_OF } from "./kubeconfig-file.js";

type Done = { ok: true } | { ok: false; error: string };
const MAPS = ["clusters", "users", "contexts"] as const;
type MapName = (typeof MAPS)[number];

/** Go's %v of a map of pointers: the addresses are the process's (random in the real kubectl). */
const mapDump = (map: Record<string, unknown>) =>
  `map[${Object.keys(map).sort().map((k, i) => `${k}:0xc000${(0x10000 + i * 0x100).toString(16).padStart(6, "0")}`).join(" ")}]`;

/** strconv.ParseBool */
function parseBool(value: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  return undefined;
}

interface Step {
  map: MapName;
  key: string;
  field?: string;
  /** Tokens after the field (a path into a struct kadet keeps opaque). */
  rest: string[];
}

type Parsed = { ok: true; root: string; step?: Step } | { ok: false; error: string };

function parse(property: string): Parsed {
  const tokens = property.split(".");
  const root = tokens[0]!;
  if (["kind", "apiVersion", "current-context"].includes(root)) return { ok: true, root };
  if (root === "preferences") {
    const field = tokens[1];
    if (field !== undefined && field !== "colors" && field !== "extensions") return { ok: false, error: `unable to parse ${field} after [preferences] at api.Preferences` };
    return { ok: true, root };
  }
  if (!(MAPS as readonly string[]).includes(root)) return { ok: false, error: `unable to parse ${root} after [] at api.Config` };
  const map = root as MapName;
  const rest = tokens.slice(1);
  if (rest.length === 0) return { ok: true, root };
  const fields = FIELDS_OF[map].map(([name]) => name);
  const at = rest.findIndex((t, i) => i > 0 && fields.includes(t));
  if (at === -1) return { ok: true, root, step: { map, key: rest.join("."), rest: [] } };
  return { ok: true, root, step: { map, key: rest.slice(0, at).join("."), field: rest[at]!, rest: rest.slice(at + 1) } };
}

export function setProperty(config: Kubeconfig, property: string, value: string, rawBytes: boolean): Done {
  const parsed = parse(property);
  if (!parsed.ok) return parsed;
  const { root, step } = parsed;
  if (root === "kind" || root === "apiVersion") return { ok: true }; // the file is always written as v1 Config
  if (root === "current-context") {
    config.currentContext = value;
    return { ok: true };
  }
  if (root === "preferences") {
    if (property === "preferences.colors") {
      const b = parseBool(value);
      if (b === undefined) return { ok: false, error: `strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax` };
      config.preferences["colors"] = b;
      return { ok: true };
    }
    return { ok: false, error: `unable to parse one or more field values of ${property}` };
  }
  const map = config[root as MapName] as Record<string, Record<string, unknown>>;
  if (!step || step.field === undefined) return { ok: false, error: `can't set a map to a value: ${mapDump(map)}` };
  const type = FIELDS_OF[step.map].find(([name]) => name === step.field)![1];
  if (type === "strings") return { ok: false, error: `can't set a map to a value: ${mapDump(map)}` };
  if (type === "object" || type === "stringLists" || step.rest.length > 0) return { ok: false, error: `unable to parse one or more field values of ${property}` };
  let stored: unknown = value;
  if (type === "bool") {
    stored = parseBool(value);
    if (stored === undefined) return { ok: false, error: `strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax` };
  } else if (type === "bytes") {
    if (rawBytes) stored = Buffer.from(value, "utf8").toString("base64");
    else {
      const bad = base64Error(value);
      if (bad) return { ok: false, error: `error decoding input value: ${bad}` };
    }
  }
  const entry = map[step.key] ?? (step.map === "contexts" ? { cluster: "", user: "" } : {});
  entry[step.field] = stored;
  map[step.key] = entry;
  return { ok: true };
}

export function unsetProperty(config: Kubeconfig, property: string): Done {
  const parsed = parse(property);
  if (!parsed.ok) return parsed;
  const { root, step } = parsed;
  if (root === "kind" || root === "apiVersion") return { ok: true };
  if (root === "current-context") {
    config.currentContext = "";
    return { ok: true };
  }
  if (root === "preferences") {
    if (property === "preferences") config.preferences = {};
    else delete config.preferences[property.slice("preferences.".length)];
    return { ok: true };
  }
  const map = config[root as MapName] as Record<string, Record<string, unknown>>;
  if (!step) {
    config[root as MapName] = {};
    return { ok: true };
  }
  if (step.field === undefined) {
    delete map[step.key];
    return { ok: true };
  }
  const entry = map[step.key];
  if (!entry) return { ok: false, error: `current map key \`${step.key}\` is invalid` };
  if (step.rest.length > 0) return { ok: false, error: `unable to parse one or more field values of ${property}` };
  if (step.map === "contexts" && (step.field === "cluster" || step.field === "user")) entry[step.field] = "";
  else delete entry[step.field];
  return { ok: true };
}
