/**
 * `kubectl set resources`: set requests and limits (`--requests=cpu=100m,memory=64Mi`,
 * `--limits=...`) on the containers (`-c` glob, init containers too) of a pod template; the keys
 * given replace those values, others stay. kubectl/pkg/cmd/set/set_resources.go and
 * generate's HandleResourceRequirementsV1 (1.32), outputs and errors recorded from kubectl 1.32.
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_set/kubectl_set_resources/
 */
import { canonicalResourceQuantity } from "../../sim/core/quantity.js";
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

export const setResourcesVerb = defineVerb({
  name: "resources",
  helpKey: "set-resources",
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => setResources(ctx),
});

const QUANTITY_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** populateResourceListV1: `name=quantity,...`, each quantity canonical (0.5 → 500m). */
function parseResourceList(text: string): Record<string, string> | string {
  const list: Record<string, string> = {};
  if (text === "") return list;
  for (const pair of text.split(",")) {
    const parts = pair.split("=");
    if (parts.length !== 2) return `Invalid argument syntax ${pair}, expected <resource>=<value>`;
    const canonical = canonicalResourceQuantity(parts[1]!);
    if (canonical === undefined) return QUANTITY_ERROR;
    list[parts[0]!] = canonical;
  }
  return list;
}

function globMatch(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  return new RegExp(`^${re}$`).test(name);
}

async function setResources(ctx: KubectlContext): Promise<CommandResult> {
  const out = parseOutputFormat(ctx.flags.string("output"), false, ctx.flags.string("template"));
  if (!out.ok) return failure(out.error);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  const local = ctx.flags.bool("local");
  const files = ctx.flags.strings("filename");
  const limitsText = ctx.flags.string("limits");
  const requestsText = ctx.flags.string("requests");
  if (ctx.flags.bool("all") && ctx.flags.string("selector") !== "") return failure("error: cannot set --all and --selector at the same time");
  if (limitsText === "" && requestsText === "") return failure("error: you must specify an update to requests or limits (in the form of --requests/--limits)");
  if (local && dry.value === "server") return failure("error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
  const limits = parseResourceList(limitsText);
  if (typeof limits === "string") return failure(`error: ${limits}`);
  const requests = parseResourceList(requestsText);
  if (typeof requests === "string") return failure(`error: ${requests}`);

  let objects: { object: KubeObject; live: boolean }[];
  let stderr = dry.warning;
  if (local) {
    const read = await readManifests(ctx.family, files, ctx.flags.bool("recursive"));
    if (!read.ok) return failure(read.error);
    objects = read.manifests.map((m) => ({ object: asDecoded(m.object), live: false }));
  } else {
    const resolved = await resolveTargets(ctx, ctx.args);
    if (!resolved.ok) return failure(resolved.error);
    stderr += resolved.errors;
    objects = resolved.targets.filter((t) => t.object).map((t) => ({ object: t.object!, live: true }));
  }
  const selector = ctx.flags.string("containers");
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
    const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].filter((c: Obj) => globMatch(selector, c.name)) as Obj[];
    if (containers.length === 0) {
      errors.push(`error: unable to find container named ${selector}`);
      continue;
    }
    for (const c of containers) {
      c.resources ??= {};
      if (Object.keys(limits).length > 0) c.resources.limits = { ...(c.resources.limits ?? {}), ...limits };
      if (Object.keys(requests).length > 0) c.resources.requests = { ...(c.resources.requests ?? {}), ...requests };
    }
    if (JSON.stringify(updated) === JSON.stringify(object)) continue;
    let result = updated as KubeObject;
    if (live && dry.value !== "client") {
      const written = ctx.world.api.update(info!, result, { dryRun: dry.value === "server" });
      if (!written.ok) {
        errors.push(`error: failed to patch resources update to pod template ${apiErrorText(written.error)}`);
        continue;
      }
      result = written.value;
    }
    if (!out.format || out.format.kind === "name") stdout += operationLine(result, "resource requirements updated", dry.value, out.format?.kind === "name");
    else {
      const printed = printObjects([result as StoredObject], out.format, { now: ctx.world.clock.now(), single: true });
      if ("error" in printed) errors.push(printed.error);
      else stdout += printed.stdout;
    }
  }
  stderr += [...new Set(errors)].map((e) => (e.endsWith("\n") ? e : `${e}\n`)).join("");
  return { stdout, stderr, exitCode: errors.length > 0 ? 1 : 0 };
}
