/**
 * `kubectl set env`: add (`KEY=VALUE`, `-e`), replace and remove (`KEY-`) environment variables
 * in the containers (`-c` glob, init containers too) of a pod template, `--from=configmap/x|secret/x`
 * (valueFrom references, `--prefix`, `--keys`), `--list`, `--overwrite=false`, `--local -f`.
 * kubectl/pkg/cmd/set/set_env.go and cmd/set/env/env_parse.go (1.32). A Deployment then rolls out.
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_set/kubectl_set_env/
 */
import { kindNamed } from "../../sim/api/kinds.js";
import type { KubeObject, StoredObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, kindOfManifest, kindSlashName, operationLine } from "./common.js";
import { apiErrorText } from "./errors.js";
import { readManifests } from "./manifests.js";
import { parseOutputFormat, printObjects } from "./output.js";
import { asDecoded, podSpecOf } from "./set.js";
import { resolveTargets } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Obj;
}

export const setEnvVerb = defineVerb({
  name: "env",
  helpKey: "set-env",
  overrides: { slices: ["filename", "env"], noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => setEnv(ctx),
});

/** validation.IsEnvVarName's message. */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const ENV_NAME_MESSAGE = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/** envutil.IsEnvironmentArgument: the first `K=V` or `K-` word starts the environment changes. */
const isEnvArg = (s: string) => s.includes("=") || (s.endsWith("-") && s !== "-");

/** env_parse.go ParseEnv: `K=V` sets, `K-` removes. */
function parseEnv(args: readonly string[]): { env: EnvVar[]; remove: string[] } | string {
  const env: EnvVar[] = [];
  const remove: string[] = [];
  for (const arg of args) {
    if (arg === "-") return "kadet: 'kubectl set env -' (variables from standard input) is not simulated yet";
    const at = arg.indexOf("=");
    if (at !== -1) {
      const name = arg.slice(0, at);
      if (!ENV_NAME.test(name)) return `error: "${name}" is not a valid key name: ${ENV_NAME_MESSAGE}`;
      env.push({ name, value: arg.slice(at + 1) });
    } else if (arg.endsWith("-")) {
      remove.push(arg.slice(0, -1));
    } else {
      return `error: environment variables must be of the form key=value and can only contain letters, numbers, and underscores`;
    }
  }
  return { env, remove };
}

/** updateEnv: existing order kept (replaced in place), removals dropped, new ones appended. */
export function updateEnv(existing: readonly EnvVar[], env: readonly EnvVar[], remove: readonly string[]): EnvVar[] {
  const covered = new Set(remove);
  const out: EnvVar[] = [];
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = env.find((n) => n.name === e.name);
    if (newer) {
      covered.add(e.name);
      out.push(newer);
    } else out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

/** filepath.Match for container names: `*`, `?` and character classes. */
function globMatch(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  return new RegExp(`^${re}$`).test(name);
}

/** keyToEnvName: a configmap/secret key as a variable name. */
const keyToEnvName = (key: string) => key.replace(/[^A-Za-z0-9_]/g, "_").toUpperCase();

async function setEnv(ctx: KubectlContext): Promise<CommandResult> {
  const list = ctx.flags.bool("list");
  const outputText = ctx.flags.string("output");
  const out = parseOutputFormat(outputText, false, ctx.flags.string("template"));
  if (!out.ok) return failure(out.error);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  if (ctx.flags.bool("resolve")) return failure("kadet: 'kubectl set env --resolve' is not simulated yet");
  // Complete: SplitEnvironmentFromResources.
  const firstEnv = ctx.args.findIndex(isEnvArg);
  const resources = firstEnv === -1 ? [...ctx.args] : ctx.args.slice(0, firstEnv);
  const envArgs = firstEnv === -1 ? [] : ctx.args.slice(firstEnv);
  if (envArgs.some((a) => !isEnvArg(a))) return failure(`error: all resources must be specified before environment changes: ${ctx.args.join(" ")}`);
  // Validate
  const local = ctx.flags.bool("local");
  const files = ctx.flags.strings("filename");
  const from = ctx.flags.string("from");
  const keys = ctx.flags.strings("keys");
  if (local && dry.value === "server") return failure("error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
  if (files.length === 0 && resources.length < 1) return failure("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
  if (list && outputText !== "") return failure("error: --list and --output may not be specified together");
  if (keys.length > 0 && from === "") return failure("error: when specifying --keys, a configmap or secret must be provided with --from");
  // RunEnv
  const parsed = parseEnv([...ctx.flags.strings("env"), ...envArgs]);
  if (typeof parsed === "string") return failure(parsed);
  const { env, remove } = parsed;
  if (from !== "") {
    const refs = fromReferences(ctx, from, keys);
    if (typeof refs === "string") return failure(refs);
    env.push(...refs);
  }
  const prefix = ctx.flags.string("prefix");
  if (prefix !== "") for (const e of env) e.name = `${prefix}${e.name}`;

  let objects: { object: KubeObject; live: boolean }[];
  let stderr = dry.warning;
  if (local) {
    const read = await readManifests(ctx.family, files, ctx.flags.bool("recursive"));
    if (!read.ok) return failure(read.error);
    objects = read.manifests.map((m) => ({ object: asDecoded(m.object), live: false }));
  } else {
    const resolved = await resolveTargets(ctx, resources);
    if (!resolved.ok) return failure(resolved.error);
    stderr += resolved.errors;
    objects = resolved.targets.filter((t) => t.object).map((t) => ({ object: t.object!, live: true }));
  }
  const selector = ctx.flags.string("containers");
  const overwrite = ctx.flags.bool("overwrite");
  let stdout = "";
  const errors: string[] = [];
  for (const { object, live } of objects) {
    const updated = structuredClone(object) as Obj;
    const spec = podSpecOf(updated);
    const info = kindOfManifest(object);
    const name = object.metadata?.name ?? "";
    if (!spec) {
      errors.push(`error: ${info ? kindSlashName(info, name) : name} the object is not a pod or does not have a pod template: *v1.${object.kind}`);
      continue;
    }
    const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].filter((c: Obj) => globMatch(selector, c.name));
    if (containers.length === 0) {
      stderr += `Warning: ${object.kind}/${name} does not have any containers matching "${selector}"\n`;
      continue;
    }
    let clash: string | undefined;
    for (const c of containers as Obj[]) {
      if (!overwrite) {
        const current = (c.env as EnvVar[] | undefined)?.find((e) => env.some((n) => n.name === e.name && n.value !== e.value));
        if (current) {
          clash = `'${current.name}' already has a value (${current.value ?? ""}), and --overwrite is false`;
          break;
        }
      }
      const next = updateEnv(c.env ?? [], env, remove);
      if (next.length > 0) c.env = next;
      else delete c.env;
      if (list) {
        stdout += `# ${object.kind} ${name}, container ${c.name}\n`;
        for (const e of next) stdout += e.valueFrom ? `# ${e.name} from ${refString(e.valueFrom)}\n` : `${e.name}=${e.value ?? ""}\n`;
      }
    }
    if (clash) {
      errors.push(`error: ${info ? kindSlashName(info, name) : name}\n ${clash}`);
      continue;
    }
    if (list) continue;
    if (JSON.stringify(updated) === JSON.stringify(object)) continue;
    let result = updated as KubeObject;
    if (live && dry.value !== "client") {
      const written = ctx.world.api.update(info!, result, { dryRun: dry.value === "server" });
      if (!written.ok) {
        errors.push(`error: failed to patch env update to pod template: ${apiErrorText(written.error)}`);
        continue;
      }
      result = written.value;
    }
    if (!out.format || out.format.kind === "name") stdout += operationLine(result, "env updated", dry.value, out.format?.kind === "name");
    else {
      const printed = printObjects([result as StoredObject], out.format, { now: ctx.world.clock.now(), single: true });
      if ("error" in printed) errors.push(printed.error);
      else stdout += printed.stdout;
    }
  }
  stderr += errors.map((e) => (e.endsWith("\n") ? e : `${e}\n`)).join("");
  return { stdout, stderr, exitCode: errors.length > 0 ? 1 : 0 };
}

/** --from=configmap/NAME|secret/NAME: one valueFrom reference per key (sorted: Go's map order is random). */
function fromReferences(ctx: KubectlContext, from: string, keys: readonly string[]): EnvVar[] | string {
  const [type, name] = from.split("/");
  const kind = type === "configmap" || type === "configmaps" || type === "cm" ? "ConfigMap" : type === "secret" || type === "secrets" ? "Secret" : undefined;
  if (!kind || !name) return "error: unsupported resource specified in --from";
  const got = ctx.world.api.get(kindNamed(kind)!, ctx.namespace, name);
  if (!got.ok) return apiErrorText(got.error);
  const data = { ...((got.value as Obj).data ?? {}) } as Record<string, string>;
  const ref = kind === "ConfigMap" ? "configMapKeyRef" : "secretKeyRef";
  return Object.keys(data)
    .sort()
    .filter((k) => keys.length === 0 || keys.includes(k))
    .map((k) => ({ name: keyToEnvName(k), valueFrom: { [ref]: { key: k, name } } }));
}

/** envutil.GetEnvVarRefString. */
function refString(from: Obj): string {
  if (from.configMapKeyRef) return `configmap ${from.configMapKeyRef.name}, key ${from.configMapKeyRef.key}`;
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name}, key ${from.secretKeyRef.key}`;
  if (from.fieldRef) return `field path ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) return `resource ${from.resourceFieldRef.resource}`;
  return "invalid reference";
}
