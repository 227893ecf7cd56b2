/**
 * `kubectl set image`: changes container images in the pod template of
 * deployments, daemonsets, statefulsets, replicasets, jobs, cronjobs,
 * replication controllers, and in pods themselves; a Deployment then rolls
 * out a new ReplicaSet. Wording from kubectl/pkg/cmd/set/set_image.go and
 * cmd/util's GetResourcesAndPairs/ParsePairs (kubectl 1.32).
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#updating-a-deployment
 */
import type { KubeObject, StoredObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, kindOfManifest, operationLine } from "./common.js";
import { readManifests } from "./manifests.js";
import { parseOutputFormat, printObjects, type OutputFormat } from "./output.js";
import { resolveTargets } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";
import { setEnvVerb } from "./set-env.js";
import { setResourcesVerb } from "./set-resources.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const setImageVerb = defineVerb({
  name: "image",
  helpKey: "set-image",
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => setImage(ctx),
});

// --record is deprecated and so hidden from the help text, but kubectl 1.32
// still takes it (genericclioptions.RecordFlags) and warns when it is used.
setImageVerb.flags.push({ name: "record", type: "bool", defaultText: "false" });
const RECORD_DEPRECATED = "Flag --record has been deprecated, --record will be removed in the future\n";
const CHANGE_CAUSE = "kubernetes.io/change-cause";

export const setVerb = defineVerb({
  name: "set",
  helpKey: "set",
  subcommands: [setImageVerb, setEnvVerb, setResourcesVerb],
  unsimulated: ["selector", "serviceaccount", "subject"],
});

/**
 * cmdutil.GetResourcesAndPairs: resource words first, then `name=value`
 * pairs; a resource word after a pair is an error.
 */
export function splitResourcesAndPairs(args: readonly string[], pairType: string): { resources: string[]; pairs: string[] } | string {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const arg of args) {
    const isPair = (arg.includes("=") && !arg.startsWith("=")) || (arg.endsWith("-") && arg !== "-");
    if (isPair) pairs.push(arg);
    else if (pairs.length > 0) return `all resources must be specified before ${pairType} changes: ${arg}`;
    else resources.push(arg);
  }
  return { resources, pairs };
}

/** cmdutil.ParsePairs without removal: `container=image`, split at the first `=`. */
export function parseImagePairs(pairs: readonly string[]): Map<string, string> | string {
  const images = new Map<string, string>();
  const invalid: string[] = [];
  for (const pair of pairs) {
    if (pair.includes("=") && !pair.startsWith("=")) {
      const at = pair.indexOf("=");
      images.set(pair.slice(0, at), pair.slice(at + 1));
    } else {
      invalid.push(pair);
    }
  }
  return invalid.length > 0 ? `invalid image format: ${invalid.join("")}` : images;
}

/** polymorphichelpers.UpdatePodSpecForObject: where each kind keeps its pod spec. */
export function podSpecOf(obj: Obj): Obj | undefined {
  switch (obj.kind) {
    case "Pod":
      return (obj.spec ??= {});
    case "CronJob":
      return (((((obj.spec ??= {}).jobTemplate ??= {}).spec ??= {}).template ??= {}).spec ??= {});
    case "Deployment":
    case "DaemonSet":
    case "StatefulSet":
    case "ReplicaSet":
    case "ReplicationController":
    case "Job":
      return (((obj.spec ??= {}).template ??= {}).spec ??= {});
    default:
      return undefined;
  }
}

/** setImage: `*` matches every container; returns whether any matched. */
function setImageIn(containers: Obj[] | undefined, name: string, image: string): boolean {
  let found = false;
  for (const c of containers ?? []) {
    if (c.name === name || name === "*") {
      c.image = image;
      found = true;
    }
  }
  return found;
}

/** Applies the image changes to a copy of obj; errors are set_image.go's texts. */
export function withImages(obj: KubeObject, images: ReadonlyMap<string, string>): { updated: Obj; errors: string[] } {
  const updated = structuredClone(obj) as Obj;
  const spec = podSpecOf(updated);
  const errors: string[] = [];
  if (!spec) {
    errors.push(`the object is not a pod or does not have a pod template: *v1.${obj.kind}`);
    return { updated, errors };
  }
  for (const [name, image] of images) {
    const inInit = setImageIn(spec.initContainers, name, image);
    const inMain = setImageIn(spec.containers, name, image);
    if (!inInit && !inMain) errors.push(`error: unable to find container named "${name}"`);
  }
  return { updated, errors };
}

async function setImage(ctx: KubectlContext): Promise<CommandResult> {
  const out = parseOutputFormat(ctx.flags.string("output"), false);
  if (!out.ok) return failure(out.error);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  const split = splitResourcesAndPairs(ctx.args, "image");
  if (typeof split === "string") return failure(`error: ${split}`);
  const images = parseImagePairs(split.pairs);
  if (typeof images === "string") return failure(`error: ${images}`);
  const local = ctx.flags.bool("local");
  const files = ctx.flags.strings("filename");

  // Complete: the resource builder runs (and may fail) before Validate.
  let objects: { object: KubeObject; name: string }[] = [];
  let stderr = dry.warning;
  if (local) {
    if (files.length === 0 || split.resources.length > 0) {
      return failure("error: you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'");
    }
    const read = await readManifests(ctx.family, files, ctx.flags.bool("recursive"));
    if (!read.ok) return failure(read.error);
    objects = read.manifests.map((m) => ({ object: asDecoded(m.object), name: m.object.metadata?.name ?? "" }));
  } else {
    const resolved = await resolveTargets(ctx, split.resources);
    if (!resolved.ok) return failure(resolved.error);
    stderr += resolved.errors;
    objects = resolved.targets.filter((t) => t.object).map((t) => ({ object: t.object!, name: t.name }));
  }

  // Validate (set_image.go): every problem is reported together.
  const invalid: string[] = [];
  if (ctx.flags.bool("all") && ctx.flags.string("selector") !== "") invalid.push("cannot set --all and --selector at the same time");
  if (split.resources.length < 1 && files.length === 0) invalid.push("one or more resources must be specified as <resource> <name> or <resource>/<name>");
  if (images.size < 1) invalid.push("at least one image update is required");
  else if (images.size > 1 && images.has("*")) invalid.push("all containers are already specified by *, but saw more than one container_name=container_image pairs");
  if (local && dry.value === "server") invalid.push("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
  if (invalid.length > 0) return failure(aggregate(invalid));

  if (ctx.flags.has("record")) stderr = RECORD_DEPRECATED + stderr;
  const changeCause = ctx.flags.bool("record") ? changeCauseOf(ctx) : undefined;
  let stdout = "";
  const errors: string[] = [];
  const clientOnly = local || dry.value === "client";
  for (const { object, name } of objects) {
    const { updated, errors: found } = withImages(object, images);
    if (found.length > 0 && !podSpecOf(structuredClone(object) as Obj)) {
      errors.push(`error: ${resourceName(object)}/${name} ${found[0]}\n`);
      continue;
    }
    errors.push(...found);
    // ChangeCauseRecorder.Record: the command line goes into the object's change-cause annotation.
    if (changeCause !== undefined) updated.metadata = { ...updated.metadata, annotations: { ...(updated.metadata?.annotations ?? {}), [CHANGE_CAUSE]: changeCause } };
    // "no changes": kubectl sends no patch and prints nothing for this object.
    if (JSON.stringify(updated) === JSON.stringify(object)) continue;
    let result: KubeObject = updated as KubeObject;
    if (!clientOnly) {
      const info = kindOfManifest(object)!;
      const written = ctx.world.api.update(info, updated as KubeObject, { dryRun: dry.value === "server" });
      if (!written.ok) {
        errors.push(`failed to patch image update to pod template: ${written.error.message}`);
        continue;
      }
      result = written.value;
    }
    const printed = printResult(ctx, result as StoredObject, out.format, local ? "none" : dry.value);
    if ("error" in printed) errors.push(printed.error);
    else stdout += printed.stdout;
  }
  if (errors.length > 0) stderr += aggregate(errors);
  return { stdout, stderr, exitCode: errors.length > 0 ? 1 : 0 };
}

function printResult(ctx: KubectlContext, obj: StoredObject, format: OutputFormat | undefined, dry: "none" | "client" | "server"): { stdout: string } | { error: string } {
  if (!format || format.kind === "name") return { stdout: operationLine(obj, "image updated", dry, format?.kind === "name") };
  return printObjects([obj], format, { now: ctx.world.clock.now(), single: true });
}

/**
 * RecordFlags' change cause (parseCommandArguments): the command path, the
 * positional arguments, then every flag given as ` --name=value`, in order.
 */
function changeCauseOf(ctx: KubectlContext): string {
  let flags = "";
  for (const [name, value] of ctx.flags.parsed.set) {
    for (const v of Array.isArray(value) ? value : [value]) flags += ` --${name}=${String(v)}`;
  }
  return `${ctx.commandPath} ${ctx.flags.args.join(" ")}${flags}`;
}

/** The lower-case plural kubectl's resource builder names objects by (info.ObjectName). */
function resourceName(obj: KubeObject): string {
  const info = kindOfManifest(obj);
  return info ? (info.group ? `${info.plural}.${info.group}` : info.plural) : obj.kind.toLowerCase();
}

/**
 * A manifest as kubectl holds it after decoding into Go structs: the struct
 * fields without omitempty come back as null or {} (creationTimestamp,
 * status, a Deployment's strategy, each container's resources). Only --local
 * prints such an object; the server's objects are complete already.
 */
export function asDecoded(manifest: KubeObject): KubeObject {
  const obj = structuredClone(manifest) as Obj;
  obj.metadata = { creationTimestamp: null, ...(obj.metadata ?? {}) };
  const spec = podSpecOf(obj);
  if (!spec) return obj as KubeObject;
  if (obj.kind === "Deployment") obj.spec.strategy ??= {};
  if (obj.kind === "DaemonSet" || obj.kind === "StatefulSet") obj.spec.updateStrategy ??= {};
  const template = obj.kind === "Pod" ? undefined : obj.kind === "CronJob" ? obj.spec.jobTemplate.spec.template : obj.spec.template;
  if (template) template.metadata = { creationTimestamp: null, ...(template.metadata ?? {}) };
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) c.resources ??= {};
  if (obj.kind === "CronJob") obj.spec.jobTemplate.metadata = { creationTimestamp: null, ...(obj.spec.jobTemplate.metadata ?? {}) };
  obj.status ??= {};
  return obj as KubeObject;
}

/**
 * How cmdutil.CheckErr prints an aggregate of errors (MultipleErrors): each
 * on its own line, with "error: " unless it already starts so; duplicates
 * collapse as utilerrors.NewAggregate's message does.
 */
export function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.map((m) => `${m.startsWith("error: ") ? m : `error: ${m}`}${m.endsWith("\n") ? "" : "\n"}`).join("");
}
