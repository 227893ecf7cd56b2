/**
 * Encryption at rest: the EncryptionConfiguration file kube-apiserver reads at start from
 * --encryption-provider-config, checked as upstream checks it (the loader of
 * apiserver/pkg/server/options/encryptionconfig/config.go, the rules of
 * apiserver/pkg/apis/config/validation/validation.go, their exact words), and what it means for
 * one stored value: the prefix a new write is stored behind (the first provider writes, with its
 * first key) and whether a stored value can still be read (every provider reads, in order, as
 * value.NewPrefixTransformers tries them). No cryptography: the bytes after a prefix are kadet's
 * deterministic stand-in (ciphertext.ts).
 */
import { parse } from "yaml";

export type ProviderType = "aescbc" | "aesgcm" | "secretbox" | "identity" | "kms";

export interface EncryptionProvider {
  type: ProviderType;
  /** The named keys of aescbc/aesgcm/secretbox, in order (the first one writes). */
  keys: { name: string; secret: string }[];
}

export interface EncryptionRule {
  /** As written: "secrets", "deployments.apps", "*.apps", "*.*". */
  resources: string[];
  providers: EncryptionProvider[];
}

export interface EncryptionConfiguration {
  rules: EncryptionRule[];
}

export type LoadedConfig = { ok: true; config: EncryptionConfiguration } | { ok: false; error: string };

/** The prefixes of upstream's transformers (config.go's constants). */
export const PROVIDER_PREFIX: Readonly<Record<Exclude<ProviderType, "identity" | "kms">, string>> = {
  aescbc: "k8s:enc:aescbc:v1:",
  aesgcm: "k8s:enc:aesgcm:v1:",
  secretbox: "k8s:enc:secretbox:v1:",
};

const AES_KEY_SIZES = [16, 24, 32];
const SECRETBOX_KEY_SIZES = [32];
const PROVIDER_FIELDS: readonly ProviderType[] = ["aesgcm", "aescbc", "secretbox", "identity", "kms"];
/** How Go's %#v prints a ProviderConfiguration that names no provider (its fields in types.go order). */
const EMPTY_PROVIDER_VALUE =
  "config.ProviderConfiguration{AESGCM:(*config.AESConfiguration)(nil), AESCBC:(*config.AESConfiguration)(nil), Secretbox:(*config.SecretboxConfiguration)(nil), Identity:(*config.IdentityConfiguration)(nil), KMS:(*config.KMSConfiguration)(nil)}";

/** Go's base64.StdEncoding.DecodeString: padded, standard alphabet; undefined when it would fail. */
export function decodeStdBase64Length(text: string): number | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return (text.length / 4) * 3 - (text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0);
}

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => v !== null && typeof v === "object" && !Array.isArray(v);
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Reads the file as kube-apiserver does at start. `text` undefined: the file is not there (or not
 * inside the pod's mounts). The error is what LoadEncryptionConfig returns, which the binary
 * logs as `"command failed" err="..."` before it exits.
 */
export function loadEncryptionConfig(path: string, text: string | undefined): LoadedConfig {
  const fail = (error: string): LoadedConfig => ({ ok: false, error: `error while parsing file: ${error}` });
  if (text === undefined) return fail(`error opening encryption provider configuration file "${path}": open ${path}: no such file or directory`);
  if (text.length === 0) return fail(`encryption provider configuration file "${path}" is empty`);
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    // sigs.k8s.io/yaml's wording is go-yaml's; kadet's YAML parser words the reason its own way.
    return fail(`error converting YAML to JSON: kadet: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!isMap(raw)) return fail("kadet: the file does not hold a YAML object (an EncryptionConfiguration)");
  if (raw.kind === undefined || raw.kind === "") return fail(`Object 'Kind' is missing in '${JSON.stringify(raw)}'`);
  if (raw.apiVersion !== "apiserver.config.k8s.io/v1" || raw.kind !== "EncryptionConfiguration") {
    return fail(`kadet: kind "${String(raw.kind)}" of apiVersion "${String(raw.apiVersion ?? "")}" is not an EncryptionConfiguration (apiVersion: apiserver.config.k8s.io/v1, kind: EncryptionConfiguration)`);
  }
  const rules: EncryptionRule[] = listOf(raw.resources).map((r) => {
    const rule = isMap(r) ? r : {};
    return {
      resources: listOf(rule.resources).map(String),
      providers: listOf(rule.providers).map((p) => readProvider(isMap(p) ? p : {})),
    };
  });
  const errors = validate(rules, listOf(raw.resources).map((r) => (isMap(r) ? listOf(r.providers).map((p) => (isMap(p) ? p : {})) : [])));
  if (errors.length === 1) return fail(errors[0]!);
  if (errors.length > 1) return fail(`[${errors.join(", ")}]`);
  if (rules.some((r) => r.providers.some((p) => p.type === "kms"))) return fail("kadet: KMS providers need a KMS plugin on a unix socket, which is not simulated (aescbc, aesgcm, secretbox and identity are)");
  return { ok: true, config: { rules } };
}

function readProvider(p: Raw): EncryptionProvider {
  const type = PROVIDER_FIELDS.find((f) => p[f] !== undefined && p[f] !== null) ?? "identity";
  const body = isMap(p[type]) ? (p[type] as Raw) : {};
  const keys = listOf(body.keys).map((k) => (isMap(k) ? { name: String(k.name ?? ""), secret: String(k.secret ?? "") } : { name: "", secret: "" }));
  return { type, keys };
}

/** validation.go's ValidateEncryptionConfiguration, in its order (field paths as field.Path prints them). */
function validate(rules: EncryptionRule[], rawProviders: Raw[][]): string[] {
  const errors: string[] = [];
  if (rules.length === 0) return ["resources: Required value: at least one resources is required"];
  rules.forEach((rule, i) => {
    const r = `resources[${i}].resources`;
    const p = `resources[${i}].providers`;
    if (rule.resources.length === 0) errors.push(`${r}: Required value: at least one ${r} is required`);
    if (rule.providers.length === 0) errors.push(`${p}: Required value: at least one ${p} is required`);
    rule.providers.forEach((provider, j) => {
      const path = `${p}[${j}]`;
      const named = PROVIDER_FIELDS.filter((f) => rawProviders[i]?.[j]?.[f] !== undefined && rawProviders[i]?.[j]?.[f] !== null);
      if (named.length === 0) {
        errors.push(`${path}: Invalid value: ${EMPTY_PROVIDER_VALUE}: provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity`);
        return;
      }
      if (named.length > 1) {
        errors.push(`${path}: Invalid value: kadet: (the provider as Go prints it): more than one provider specified in a single element, should split into different list elements`);
        return;
      }
      if (provider.type === "aescbc" || provider.type === "aesgcm") errors.push(...validateKeys(provider.keys, `${path}.${provider.type}.keys`, AES_KEY_SIZES));
      if (provider.type === "secretbox") errors.push(...validateKeys(provider.keys, `${path}.secretbox.keys`, SECRETBOX_KEY_SIZES));
    });
  });
  return errors;
}

function validateKeys(keys: EncryptionProvider["keys"], path: string, sizes: number[]): string[] {
  if (keys.length === 0) return [`${path}: Required value: at least one keys is required`];
  const errors: string[] = [];
  keys.forEach((key, i) => {
    const at = `${path}[${i}]`;
    if (key.name === "") errors.push(`${at}.name: Required value: name is a mandatory field for a key`);
    if (key.secret === "") {
      errors.push(`${at}.secret: Required value: secret is a mandatory field for a key`);
      return;
    }
    const length = decodeStdBase64Length(key.secret);
    if (length === undefined) {
      errors.push(`${at}.secret: Invalid value: "REDACTED": secrets must be base64 encoded`);
      return;
    }
    if (!sizes.includes(length)) errors.push(`${at}.secret: Invalid value: "REDACTED": secret is not of the expected length, got ${length}, expected one of [${sizes.join(" ")}]`);
  });
  return errors;
}

/**
 * The providers that apply to a resource, in order: every rule naming it exactly, then those
 * naming its group with `*.group`, then `*.*` (the 1.27+ wildcards; upstream refuses overlaps
 * that would make the order matter, which kadet does not check).
 */
export function providersFor(config: EncryptionConfiguration, group: string, plural: string): EncryptionProvider[] {
  const exact = group === "" ? plural : `${plural}.${group}`;
  const groupWildcard = `*.${group}`;
  for (const wanted of [exact, groupWildcard, "*.*"]) {
    const providers = config.rules.filter((r) => r.resources.includes(wanted)).flatMap((r) => r.providers);
    if (providers.length > 0) return providers;
  }
  return [];
}

/** The prefix a new write of this resource is stored behind: "" when it is stored as it is (identity, or not listed). */
export function writePrefix(config: EncryptionConfiguration | undefined, group: string, plural: string): string {
  if (!config) return "";
  const first = providersFor(config, group, plural)[0];
  if (!first || first.type === "identity" || first.type === "kms") return "";
  return `${PROVIDER_PREFIX[first.type]}${first.keys[0]!.name}:`;
}

/**
 * Reading a value stored behind `stored` (its prefix, "" for plain): ok, and whether it is
 * stale (not what the first provider writes: an update rewrites it even when nothing changed);
 * or the error value.NewPrefixTransformers gives.
 */
export function readStored(config: EncryptionConfiguration | undefined, group: string, plural: string, stored: string): { ok: true; stale: boolean } | { ok: false; error: string } {
  const providers = config ? providersFor(config, group, plural) : [];
  // No rule for the resource: upstream's identity transformer passes the bytes through.
  if (providers.length === 0) return { ok: true, stale: stored !== "" };
  const errors: string[] = [];
  for (const [i, provider] of providers.entries()) {
    if (provider.type === "identity") {
      // The identity transformer refuses encrypted data, and the next provider is tried.
      if (stored === "" || !stored.startsWith("k8s:enc:")) return { ok: true, stale: i !== 0 };
      continue;
    }
    if (provider.type === "kms") continue;
    const prefix = PROVIDER_PREFIX[provider.type];
    if (!stored.startsWith(prefix)) continue;
    const keyIndex = provider.keys.findIndex((k) => `${prefix}${k.name}:` === stored);
    if (keyIndex >= 0) return { ok: true, stale: i !== 0 || keyIndex !== 0 };
    errors.push(provider.type === "secretbox" ? "no matching key was found for the provided Secretbox transformer" : "no matching key was found for the provided AES transformer");
  }
  if (errors.length === 1) return { ok: false, error: errors[0]! };
  if (errors.length > 1) return { ok: false, error: `[${errors.join(", ")}]` };
  return { ok: false, error: "no matching prefix found" };
}
