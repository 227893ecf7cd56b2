/**
 * `kubectl create` and the subcommands kadet simulates: deployment,
 * namespace, configmap, secret generic. Objects are built in Go field order
 * so `--dry-run=client -o json` prints exactly what kubectl prints
 * (kubectl/pkg/cmd/create/create_*.go).
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_create/
 */
import type { KubeObject } from "../../sim/api/types.js";
import { failure, ok, type CommandResult } from "../types.js";
import { dryRunStrategy, kindOfManifest, operationLine } from "./common.js";
import { apiErrorText } from "./errors.js";
import { readFilesOrKustomization } from "./kustomize/source.js";
import { inertKindWarning, unsimulatedFieldWarnings } from "./inert-kinds.js";
import { unsimulatedSecurityWarning } from "./unsimulated-security.js";
import { fail, usageError } from "./errors.js";
import { createServiceVerb } from "./create-service.js";
import { createJobVerb } from "./create-job.js";
import { createCronJobVerb } from "./create-cronjob.js";
import { createPodDisruptionBudgetVerb } from "./create-pdb.js";
import { createQuotaVerb } from "./create-quota.js";
import { checkWriteFlags, submitNew } from "./submit.js";
import { RBAC_CREATE_VERBS } from "./create-role.js";
import { defineVerb, type KubectlContext } from "./verb.js";

const DRY_RUN = { "dry-run": "unchanged" };
const NULL_TIME = null as unknown as string;

/** `exactly one NAME is required, got N` (create_*.go NameFromCommandArgs). */
function singleName(ctx: KubectlContext): string | CommandResult {
  if (ctx.args.length !== 1) return usageError(ctx.commandPath, `exactly one NAME is required, got ${ctx.args.length}`);
  return ctx.args[0]!;
}

function metadata(ctx: KubectlContext, name: string, labels?: Record<string, string>): Record<string, unknown> {
  return { name, ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}), creationTimestamp: NULL_TIME, ...(labels ? { labels } : {}) };
}

/** create_deployment.go buildPodSpec: the container name is the image's base name without tag or digest. */
export function containerNameFromImage(image: string): string {
  const base = image.split("/").pop() ?? image;
  return base.split("@")[0]!.split(":")[0]!;
}

export const createDeploymentVerb = defineVerb({
  name: "deployment",
  aliases: ["deploy"],
  helpKey: "create-deployment",
  requiredFlags: ["image"],
  overrides: { slices: ["image"], noOptDefaults: DRY_RUN },
  execute(ctx) {
    const name = singleName(ctx);
    if (typeof name !== "string") return name;
    const check = checkWriteFlags(ctx);
    if (check) return check;
    const images = ctx.flags.strings("image");
    const port = ctx.flags.int("port");
    // create_deployment.go: the words after `--` are the container's command (one image only).
    const command = ctx.argsAfterDash;
    if (images.length > 1 && command.length > 0) return failure("error: cannot specify multiple --image options and command");
    const containers = images.map((image, i) => ({
      ...(command.length > 0 ? { command: [...command] } : {}),
      name: containerNameFromImage(image),
      image,
      ...(i === 0 && port >= 0 ? { ports: [{ containerPort: port }] } : {}),
      resources: {},
    }));
    const labels = { app: name };
    const deployment: KubeObject = {
      kind: "Deployment",
      apiVersion: "apps/v1",
      metadata: metadata(ctx, name, labels),
      spec: {
        replicas: ctx.flags.int("replicas"),
        selector: { matchLabels: labels },
        template: { metadata: { creationTimestamp: NULL_TIME, labels }, spec: { containers } },
        strategy: {},
      },
      status: {},
    };
    return submitNew(ctx, deployment);
  },
});

export const createNamespaceVerb = defineVerb({
  name: "namespace",
  aliases: ["ns"],
  helpKey: "create-namespace",
  overrides: { noOptDefaults: DRY_RUN },
  execute(ctx) {
    const name = singleName(ctx);
    if (typeof name !== "string") return name;
    const check = checkWriteFlags(ctx);
    if (check) return check;
    return submitNew(ctx, { kind: "Namespace", apiVersion: "v1", metadata: { name, creationTimestamp: NULL_TIME }, spec: {}, status: {} });
  },
});

type DataSources = { ok: true; data: Record<string, string> } | { ok: false; result: CommandResult };

/**
 * Reads --from-literal, --from-file (path, key=path, or a folder's files) and
 * --from-env-file the way kubectl/pkg/util/configmapandsecret does.
 */
async function readSources(ctx: KubectlContext, owner: string): Promise<DataSources> {
  const data: Record<string, string> = {};
  const add = (key: string, value: string): CommandResult | undefined => {
    if (Object.prototype.hasOwnProperty.call(data, key)) return fail(`cannot add key "${key}", another key by that name already exists in Data for ${owner}`);
    data[key] = value;
    return undefined;
  };
  for (const literal of ctx.flags.strings("from-literal")) {
    const eq = literal.indexOf("=");
    if (eq <= 0) return { ok: false, result: fail(`invalid literal source ${literal}, expected key=value`) };
    const problem = add(literal.slice(0, eq), literal.slice(eq + 1).replace(/^"(.*)"$/s, "$1"));
    if (problem) return { ok: false, result: problem };
  }
  for (const source of ctx.flags.strings("from-file")) {
    const eq = source.indexOf("=");
    const key = eq === -1 ? undefined : source.slice(0, eq);
    const path = eq === -1 ? source : source.slice(eq + 1);
    const entries = await ctx.family.readDir(path);
    if (entries !== undefined) {
      if (key !== undefined) return { ok: false, result: fail(`cannot give a key name for a directory path`) };
      for (const entry of entries) {
        const content = await ctx.family.readFile(`${path.replace(/\/$/, "")}/${entry}`);
        if (content === undefined) continue; // sub-folders are skipped
        const problem = add(entry, content);
        if (problem) return { ok: false, result: problem };
      }
      continue;
    }
    const content = await ctx.family.readFile(path);
    if (content === undefined) return { ok: false, result: fail(`error reading ${path}: no such file or directory`) };
    const problem = add(key ?? path.split("/").pop()!, content);
    if (problem) return { ok: false, result: problem };
  }
  for (const path of ctx.flags.strings("from-env-file")) {
    const content = await ctx.family.readFile(path);
    if (content === undefined) return { ok: false, result: fail(`open ${path}: no such file or directory`) };
    for (const rawLine of content.split("\n")) {
      const line = rawLine.replace(/^\uFEFF/, "").trimStart();
      if (line === "" || line.startsWith("#")) continue;
      const eq = line.indexOf("=");
      const name = eq === -1 ? line : line.slice(0, eq);
      if (/\s/.test(name) || name === "") return { ok: false, result: fail(`"${name}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit`) };
      const value = eq === -1 ? ctx.family.env[name] ?? "" : line.slice(eq + 1);
      if (eq === -1 && ctx.family.env[name] === undefined) continue;
      const problem = add(name, value);
      if (problem) return { ok: false, result: problem };
    }
  }
  return { ok: true, data };
}

export const createConfigMapVerb = defineVerb({
  name: "configmap",
  aliases: ["cm"],
  helpKey: "create-configmap",
  overrides: { noOptDefaults: DRY_RUN },
  execute: (ctx) =>
    createFromSources(ctx, "ConfigMap", (name, data) => ({
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: metadata(ctx, name),
      ...(Object.keys(data).length > 0 ? { data } : {}),
    })),
});

export const createSecretGenericVerb = defineVerb({
  name: "generic",
  helpKey: "create-secret-generic",
  overrides: { noOptDefaults: DRY_RUN },
  execute: (ctx) =>
    createFromSources(ctx, "Secret", (name, data) => {
      const type = ctx.flags.string("type");
      return {
        kind: "Secret",
        apiVersion: "v1",
        metadata: metadata(ctx, name),
        ...(Object.keys(data).length > 0
          ? { data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "utf8").toString("base64")])) }
          : {}),
        ...(type !== "" ? { type } : {}),
      };
    }),
});

/**
 * What `create configmap` and `create secret generic` share: exactly one NAME,
 * the write flags checked, the --from-* sources read (keys sorted, as Go
 * marshals maps), then the object built from them and sent.
 */
async function createFromSources(ctx: KubectlContext, kind: "ConfigMap" | "Secret", build: (name: string, data: Record<string, string>) => KubeObject): Promise<CommandResult> {
  const name = singleName(ctx);
  if (typeof name !== "string") return name;
  const check = checkWriteFlags(ctx);
  if (check) return check;
  const sources = await readSources(ctx, `${kind} "${name}"`);
  if (!sources.ok) return sources.result;
  return submitNew(ctx, build(name, sortKeys(sources.data)));
}

export const createSecretVerb = defineVerb({ name: "secret", helpKey: "create-secret", subcommands: [createSecretGenericVerb], unsimulated: ["docker-registry", "tls"] });

/** Go marshals map keys sorted. */
function sortKeys(data: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]!]));
}

export const createVerb = defineVerb({
  name: "create",
  helpKey: "create",
  subcommands: [createDeploymentVerb, createNamespaceVerb, createConfigMapVerb, createSecretVerb, createServiceVerb, createJobVerb, createCronJobVerb, createQuotaVerb, createPodDisruptionBudgetVerb, ...RBAC_CREATE_VERBS],
  // `kubectl create --help`, 1.32.
  unsimulated: ["ingress", "ing", "pc", "priorityclass"],
  overrides: { noOptDefaults: DRY_RUN, slices: ["filename"] },
  execute: (ctx) => createFromFiles(ctx),
});

/**
 * `kubectl create -f FILE`: every object in the files is created as it is
 * (no last-applied annotation, unlike apply); one that exists already is an
 * AlreadyExists error naming its file (kubectl/pkg/cmd/create/create.go RunCreate).
 */
async function createFromFiles(ctx: KubectlContext): Promise<CommandResult> {
  const files = ctx.flags.strings("filename");
  const sub = ctx.args[0];
  if (files.length === 0 && ctx.flags.string("kustomize") === "" && sub === undefined) return failure("error: must specify one of -f and -k");
  if (sub !== undefined) return failure(`error: Unexpected args: [${ctx.args.join(" ")}]\nSee 'kubectl create -h' for help and examples`);
  const bad = checkWriteFlags(ctx);
  if (bad) return bad;
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  const read = await readFilesOrKustomization(ctx, true);
  if (!read.ok) return { ...failure(read.error), stderr: `${read.warnings ?? ""}${read.error}\n` };
  // cli-runtime's builder: a file with no objects in it is an error for create.
  if (read.manifests.length === 0) return failure("error: no objects passed to create");
  let stdout = "";
  let stderr = dry.warning;
  let warnings = read.warnings ?? "";
  for (const { object, source, decodeError } of read.manifests) {
    if (decodeError !== undefined) {
      stderr += `${decodeError}\n`;
      continue;
    }
    const info = kindOfManifest(object);
    if (!info) {
      stderr += `error: resource mapping not found for name: "${object.metadata?.name ?? ""}" namespace: "${object.metadata?.namespace ?? ""}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first\n`;
      continue;
    }
    const inert = [inertKindWarning(info.kind, object), unsimulatedSecurityWarning(object)].filter(Boolean).join("\n") || undefined;
    const fieldWarnings = unsimulatedFieldWarnings(object).map((w) => `${w}\n`).join("");
    if (dry.value === "client") {
      stdout += operationLine(object, "created", dry.value);
      if (inert) warnings += `${inert}\n`;
      warnings += fieldWarnings;
      continue;
    }
    const created = ctx.world.api.create(info, object, ctx.namespace, { dryRun: dry.value === "server" });
    if (created.ok && inert) warnings += `${inert}\n`;
    if (created.ok) warnings += fieldWarnings;
    if (created.ok) stdout += operationLine(created.value, "created", dry.value);
    else stderr += `${apiErrorText({ ...created.error, message: `error when creating "${source}": ${created.error.message}` })}\n`;
  }
  return { stdout, stderr: warnings + stderr, exitCode: stderr.replace(dry.warning, "") === "" ? 0 : 1 };
}

export { failure };
