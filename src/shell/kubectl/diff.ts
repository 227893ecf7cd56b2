/**
 * `kubectl diff -f FILE|-`: the live objects against what `apply` would make of them, as kubectl
 * 1.32 does it (kubectl/pkg/cmd/diff/diff.go): each side printed as YAML into a LIVE-N and a
 * MERGED-N folder under /tmp (one file per object, GROUP.VERSION.KIND.NAMESPACE.NAME), then
 * `diff -u -N LIVE MERGED` (GNU diff, unified-diff.ts). The merged side is a server dry run: a
 * dry-run create for a new object, the apply three-way merge sent as a dry-run update otherwise,
 * without the last-applied annotation being rewritten (diff calls GetModifiedConfiguration with
 * annotate=false). Secrets' data are masked. Exit 0: no differences, 1: differences, 2: an error.
 * The folder names are deterministic here (a hash of the time and the objects), not random.
 */
import type { KubeObject, StoredObject } from "../../sim/api/types.js";
import { matches } from "../../sim/core/labels.js";
import type { CommandResult } from "../types.js";
import { LAST_APPLIED, threeWayApply } from "./apply.js";
import { kindOfManifest } from "./common.js";
import { apiErrorText } from "./errors.js";
import { readFilesOrKustomization } from "./kustomize/source.js";
import { toYAML } from "./printers/yaml.js";
import { parseSelectorFlag } from "./targets.js";
import { unifiedHunks } from "./unified-diff.js";
import { defineVerb, type KubectlContext } from "./verb.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const diffVerb = defineVerb({
  name: "diff",
  helpKey: "diff",
  overrides: { slices: ["filename"] },
  execute: (ctx) => diff(ctx),
});

/** CheckDiffErr: kubectl's error text, with the exit code one above the usual (2). */
function diffFailure(message: string): CommandResult {
  return { stdout: "", stderr: message.endsWith("\n") ? message : `${message}\n`, exitCode: 2 };
}

async function diff(ctx: KubectlContext): Promise<CommandResult> {
  if (ctx.args.length > 0) return diffFailure(`error: Unexpected args: [${ctx.args.join(" ")}]\nSee 'kubectl diff -h' for help and examples`);
  const serverSide = ctx.flags.bool("server-side");
  if (ctx.flags.bool("force-conflicts") && !serverSide) return diffFailure("error: --force-conflicts only works with --server-side");
  if (serverSide) return diffFailure("kadet: 'kubectl diff --server-side' is not simulated yet");
  if (ctx.flags.bool("prune")) return diffFailure("kadet: 'kubectl diff --prune' is not simulated yet");
  const selector = parseSelectorFlag(ctx.flags.string("selector"));
  if (!selector.ok) return diffFailure(selector.error);
  const read = await readFilesOrKustomization(ctx);
  if (!read.ok) return { ...diffFailure(read.error), stderr: `${read.warnings ?? ""}${read.error}\n` };

  const live = new Map<string, string>();
  const merged = new Map<string, string>();
  const showManagedFields = ctx.flags.bool("show-managed-fields");
  for (const { object, source } of read.manifests) {
    const info = kindOfManifest(object);
    if (!info) {
      return diffFailure(
        `error: resource mapping not found for name: "${object.metadata?.name ?? ""}" namespace: "${object.metadata?.namespace ?? ""}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first`,
      );
    }
    // The builder's label selector filters the file's objects.
    if (selector.selector && !matches(object.metadata?.labels, selector.selector)) continue;
    const ns = object.metadata?.namespace;
    if (info.namespaced && ns && ctx.namespaceExplicit && ns !== ctx.namespace) {
      return diffFailure(`error: the namespace from the provided object "${ns}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${ns}' to perform this operation.`);
    }
    const namespace = info.namespaced ? ns ?? ctx.namespace : undefined;
    const name = object.metadata?.name ?? "";
    const local: KubeObject = namespace === undefined ? object : { ...object, metadata: { ...object.metadata, namespace } };
    const current = ctx.world.api.get(info, namespace, name);
    let before: StoredObject | undefined;
    let after: KubeObject;
    if (!current.ok) {
      if (current.error.reason !== "NotFound") return diffFailure(apiErrorText(current.error));
      const created = ctx.world.api.create(info, local, namespace, { dryRun: true });
      if (!created.ok) return diffFailure(apiErrorText(created.error));
      after = created.value;
    } else {
      before = current.value;
      // GetModifiedConfiguration(annotate=false): the manifest's own annotations, as a map even when
      // it has none, so the live ones (the old last-applied configuration included) stay as they are.
      const annotations = { ...(local.metadata?.annotations ?? {}) };
      delete annotations[LAST_APPLIED];
      const patched = threeWayApply(current.value, { ...local, metadata: { ...local.metadata, annotations } });
      if (!patched.ok) return diffFailure(`Error from server (BadRequest): ${patched.error}`);
      if (patched.patchText === "{}") after = current.value;
      else {
        const updated = ctx.world.api.update(info, patched.object, { dryRun: true });
        if (!updated.ok) return diffFailure(apiErrorText(updated.error));
        after = updated.value;
      }
    }
    let from: Obj | undefined = before && (showManagedFields ? before : withoutManagedFields(before));
    let to: Obj = showManagedFields ? after : withoutManagedFields(after);
    if (info.kind === "Secret" && info.version === "v1") [from, to] = maskSecretData(from, to);
    const file = `${info.group ? `${info.group}.` : ""}${info.version}.${info.kind}.${namespace ?? ""}.${name}`;
    live.set(file, from ? toYAML(from) : "");
    merged.set(file, toYAML(to));
  }

  const now = ctx.world.clock.now();
  const [liveDir, mergedDir] = tempDirs(now, [...merged.values()].join(""));
  const stamp = fileTime(now);
  let stdout = "";
  for (const file of [...merged.keys()].sort()) {
    const hunks = unifiedHunks(live.get(file)!, merged.get(file)!);
    if (hunks === "") continue;
    const a = `${liveDir}/${file}`;
    const b = `${mergedDir}/${file}`;
    stdout += `diff -u -N ${a} ${b}\n--- ${a}\t${stamp}\n+++ ${b}\t${stamp}\n${hunks}`;
  }
  return { stdout, stderr: "", exitCode: stdout === "" ? 0 : 1 };
}

function withoutManagedFields(o: Obj): Obj {
  if (!o.metadata?.managedFields) return o;
  const metadata = { ...o.metadata };
  delete metadata.managedFields;
  return { ...o, metadata };
}

/**
 * Masker: a Secret's data values become "***", or "*** (before)" / "*** (after)" where the
 * value changed, so the diff shows which keys changed and never their values.
 */
function maskSecretData(from: Obj | undefined, to: Obj): [Obj | undefined, Obj] {
  const fromData: Record<string, unknown> | undefined = from?.data ? { ...from.data } : undefined;
  const toData: Record<string, unknown> | undefined = to.data ? { ...to.data } : undefined;
  for (const k of Object.keys(fromData ?? {})) {
    if (toData && k in toData) {
      if (fromData![k] !== toData[k]) {
        fromData![k] = "*** (before)";
        toData[k] = "*** (after)";
        continue;
      }
      toData[k] = "***";
    }
    fromData![k] = "***";
  }
  for (const k of Object.keys(toData ?? {})) if (!fromData || !(k in fromData)) toData![k] = "***";
  return [from && fromData ? { ...from, data: fromData } : from, toData ? { ...to, data: toData } : to];
}

/** os.MkdirTemp("", "LIVE-") and ("", "MERGED-"): decimal suffixes, here from an FNV-1a hash. */
function tempDirs(now: number, content: string): [string, string] {
  let h = 0x811c9dc5;
  for (const ch of `${now}\n${content}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const second = Math.imul(h ^ 0x5bd1e995, 0x01000193) >>> 0;
  return [`/tmp/LIVE-${h}`, `/tmp/MERGED-${second}`];
}

/** The files' modification time as GNU diff prints it: 2026-01-04 09:01:30.000000000 +0000. */
function fileTime(now: number): string {
  const iso = new Date(now).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000000 +0000`;
}
