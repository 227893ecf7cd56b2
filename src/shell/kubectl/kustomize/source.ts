/**
 * The objects a -f/-k verb acts on (apply, create, delete, diff, and the verbs that find their
 * targets in files): `-k DIR` builds the kustomization (build.ts), `-f` reads the files.
 */
import type { KubeObject } from "../../../sim/api/types.js";
import { readManifests, type Manifest, type ManifestsResult } from "../manifests.js";
import type { KubectlContext } from "../verb.js";
import { kustomizeBuild } from "./build.js";

export type SourceResult = (ManifestsResult & { warnings?: string }) | { ok: false; error: string; warnings?: string };

/**
 * The objects a -f/-k verb acts on: `-k DIR` builds the kustomization (its objects named by
 * the folder in messages), `-f` reads files; both at once is kubectl's error.
 */
export async function readFilesOrKustomization(ctx: KubectlContext, continueOnDecodeError = false): Promise<SourceResult> {
  const files = ctx.flags.strings("filename");
  const dir = ctx.flags.string("kustomize");
  if (files.length > 0 && dir !== "") return { ok: false, error: "error: only one of -f or -k can be specified" };
  if (dir === "") {
    if (files.length === 0) return { ok: false, error: "error: must specify one of -f and -k" };
    return readManifests(ctx.family, files, ctx.flags.bool("recursive"), continueOnDecodeError);
  }
  const built = await kustomizeBuild(ctx.family, dir);
  const warnings = built.warnings.map((w) => `${w}\n`).join("");
  if (!built.ok) return { ok: false, error: `error: ${built.error}`, warnings };
  const manifests: Manifest[] = built.objects.map((o) => ({ object: o as unknown as KubeObject, source: dir }));
  return { ok: true, manifests, warnings };
}
