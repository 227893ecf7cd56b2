/**
 * configMapGenerator and secretGenerator (kustomize api/kv + generators), and the name hash
 * kustomize v5.5 appends (api/hasher: sha256 of a JSON encoding, its first ten hex digits with
 * 0,1,3,a,e spelt g,h,k,m,t). v5.5 looks the name up with the single path "metadata/name",
 * which finds nothing, so the name hashed is "" — the recorded goldens prove it.
 * https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/configmapgenerator/
 */
import { createHash } from "node:crypto";
import { list, stringMap } from "./kustomization.js";

type Json = Record<string, unknown>;

/** How a generator reads its files (relative to its kustomization, inside the load root). */
export interface GeneratorFiles {
  read(path: string): Promise<{ ok: true; text: string } | { ok: false; error: string }>;
}

export interface Generated {
  object: Json;
  behavior: "create" | "merge" | "replace";
  needsHash: boolean;
}

/** Go's json.Marshal of a string: HTML characters escaped as \u003c, \u003e, \u0026. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function sorted(map: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k]]));
}

/** hasher.Hash for a ConfigMap or Secret node. */
export function kustomizeHash(object: Json): string {
  const m: Json = { data: object.data === undefined ? "" : sorted(object.data as Json), kind: object.kind, name: "" };
  if (object.kind === "ConfigMap" && object.binaryData !== undefined) m.binaryData = sorted(object.binaryData as Json);
  if (object.kind === "Secret") {
    if (object.stringData !== undefined) m.stringData = sorted(object.stringData as Json);
    m.type = object.type ?? "";
  }
  const hex = createHash("sha256").update(goJson(sorted(m))).digest("hex");
  return hex.slice(0, 10).replace(/[013ae]/g, (c) => ({ "0": "g", "1": "h", "3": "k", a: "m", e: "t" })[c]!);
}

/** A literal `KEY=VALUE`; surrounding quotes of the value are dropped (kv.go parseLiteralSource). */
function parseLiteral(source: string): [string, string] | undefined {
  const at = source.indexOf("=");
  if (at <= 0) return undefined;
  let value = source.slice(at + 1);
  if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) value = value.slice(1, -1);
  return [source.slice(0, at), value];
}

/** An env file: KEY=VALUE lines; blank lines and # comments skipped (kv.go keyValuesFromLines). */
function parseEnvFile(text: string, path: string): { ok: true; pairs: [string, string][] } | { ok: false; error: string } {
  const pairs: [string, string][] = [];
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const at = line.indexOf("=");
    if (at === -1) return { ok: false, error: `kadet: the env file line '${line}' in ${path} (a key read from the environment) is not simulated` };
    const key = line.slice(0, at).trimStart();
    if (/\s/.test(key)) return { ok: false, error: `"${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit` };
    pairs.push([key, line.slice(at + 1)]);
  }
  return { ok: true, pairs };
}

/** kyaml's encodeBase64: past 70 characters the value is cut in lines of 70, each ending in a newline. */
function base64(text: string): string {
  const enc = Buffer.from(text, "utf8").toString("base64");
  if (enc.length < 70) return enc;
  let out = "";
  for (let i = 0; i < enc.length; i += 70) out += `${enc.slice(i, i + 70)}\n`;
  return out;
}

/** The objects one generator list makes, in order. */
export async function runGenerators(kind: "ConfigMap" | "Secret", args: unknown[], options: Json | undefined, files: GeneratorFiles): Promise<{ ok: true; generated: Generated[] } | { ok: false; error: string }> {
  const generated: Generated[] = [];
  for (const raw of args) {
    const g = (raw ?? {}) as Json;
    // Both generators say configmap here (kustomize's shared GeneratorArgs check).
    if (typeof g.name !== "string" || g.name === "") return { ok: false, error: "a configmap must have a name" };
    const pairs: [string, string][] = [];
    const literals = list(g.literals).map(String);
    for (const lit of literals) {
      const p = parseLiteral(lit);
      if (!p) return { ok: false, error: `loading KV pairs: literal sources [${literals.join(" ")}]: invalid literal source ${lit}, expected key=value` };
      pairs.push(p);
    }
    const fileSources = list(g.files).map(String);
    for (const source of fileSources) {
      const at = source.indexOf("=");
      const key = at === -1 ? source.slice(source.lastIndexOf("/") + 1) : source.slice(0, at);
      const path = at === -1 ? source : source.slice(at + 1);
      const read = await files.read(path);
      if (!read.ok) return { ok: false, error: `loading KV pairs: file sources: [${fileSources.join(" ")}]: ${read.error}` };
      pairs.push([key, read.text]);
    }
    for (const env of list(g.envs ?? (g.env ? [g.env] : [])).map(String)) {
      const read = await files.read(env);
      if (!read.ok) return { ok: false, error: `loading KV pairs: env source files: [${env}]: ${read.error}` };
      const parsed = parseEnvFile(read.text, env);
      if (!parsed.ok) return parsed;
      pairs.push(...parsed.pairs);
    }
    const data: Record<string, string> = {};
    for (const [k, v] of pairs) {
      if (k in data) return { ok: false, error: `configmap ${JSON.stringify(String(g.name ?? ""))} illegally repeats the key \`${k}\``.replace("configmap", kind === "Secret" ? "secret" : "configmap") };
      data[k] = kind === "Secret" ? base64(v) : v;
    }
    const own = (g.options ?? {}) as Json;
    const labels = { ...stringMap(options?.labels), ...stringMap(own.labels) };
    const annotations = { ...stringMap(options?.annotations), ...stringMap(own.annotations) };
    const metadata: Json = { name: String(g.name ?? "") };
    if (g.namespace !== undefined) metadata.namespace = String(g.namespace);
    if (Object.keys(labels).length > 0) metadata.labels = labels;
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    const object: Json = { apiVersion: "v1", kind, metadata };
    if (Object.keys(data).length > 0) object.data = data;
    if (kind === "Secret") object.type = g.type === undefined ? "Opaque" : String(g.type);
    if (own.immutable === true || options?.immutable === true) object.immutable = true;
    const disable = own.disableNameSuffixHash ?? options?.disableNameSuffixHash;
    const behavior = g.behavior === undefined ? "create" : String(g.behavior);
    if (behavior !== "create" && behavior !== "merge" && behavior !== "replace") return { ok: false, error: `invalid generator behavior: ${behavior}` };
    generated.push({ object, behavior, needsHash: disable !== true });
  }
  return { ok: true, generated };
}
