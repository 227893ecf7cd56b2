/**
 * `kubectl apply --prune` (kubectl/pkg/cmd/apply/prune.go, util/prune): after applying, every
 * object of the allowlisted kinds, in the namespaces the files touched (and of the cluster-scoped
 * kinds), that matches the selector, carries the last-applied annotation and was not part of
 * this apply, is deleted and reported `pruned`. The default allowlist is upstream's, with its
 * deprecation warning; `--prune-allowlist group/version/kind` replaces it.
 */
import { kindFor, type KindInfo } from "../../sim/api/kinds.js";
import { matches, type Selector } from "../../sim/core/labels.js";
import { LAST_APPLIED, operationLine, type DryRun } from "./common.js";
import { apiErrorText, klogLine } from "./errors.js";
import type { KubectlContext } from "./verb.js";

const DEFAULT_NAMESPACED = [
  "v1/ConfigMap", "v1/Endpoints", "v1/PersistentVolumeClaim", "v1/Pod", "v1/ReplicationController", "v1/Secret", "v1/Service",
  "batch/v1/Job", "batch/v1/CronJob", "networking.k8s.io/v1/Ingress", "apps/v1/DaemonSet", "apps/v1/Deployment", "apps/v1/ReplicaSet",
  "apps/v1/StatefulSet",
];
const DEFAULT_CLUSTER = ["v1/Namespace", "v1/PersistentVolume"];

export type PruneCheck = { ok: true } | { ok: false; error: string };

/** The flag checks apply's Validate makes before anything is sent. */
export function checkPruneFlags(ctx: KubectlContext): PruneCheck {
  if (!ctx.flags.bool("prune")) return { ok: true };
  const all = ctx.flags.bool("all");
  const selector = ctx.flags.string("selector");
  if (all && selector !== "") return { ok: false, error: "error: cannot set --all and --selector at the same time" };
  if (!all && selector === "") return { ok: false, error: "error: all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector" };
  if (ctx.flags.bool("server-side")) return { ok: false, error: "error: --prune is in alpha and doesn't currently work on objects created by server-side apply" };
  for (const gvk of ctx.flags.strings("prune-allowlist")) {
    if (gvk.split("/").length !== 3) return { ok: false, error: `error: invalid GroupVersionKind format: ${gvk}, please follow <group/version/kind>` };
  }
  return { ok: true };
}

export interface PruneResult {
  stdout: string;
  /** The deprecation warning of the default allowlist. */
  warning: string;
  stderr: string;
  failed: boolean;
}

/** pruner.pruneAll: visited = the uids and namespaces of the objects this apply wrote or found unchanged. */
export function prune(ctx: KubectlContext, visitedUids: Set<string>, visitedNamespaces: Set<string>, selector: Selector | undefined, dry: DryRun): PruneResult {
  let stderr = "";
  let warning = "";
  const allowlist = ctx.flags.strings("prune-allowlist");
  let kinds: KindInfo[] = [];
  if (allowlist.length === 0) {
    // GetRESTMappings(..., namespaceSpecified = o.Namespace != ""): kubectl always has a namespace here.
    warning = klogLine("W", "prune.go:71", "Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.", ctx.world.clock.now());
    // Kinds of the default list that kadet's API server does not serve hold no objects to prune.
    kinds = [...DEFAULT_NAMESPACED, ...DEFAULT_CLUSTER].map(toKind).filter((k): k is KindInfo => k !== undefined);
  } else {
    for (const entry of allowlist) {
      const [group, version, kind] = entry.split("/") as [string, string, string];
      const info = toKind(`${group === "core" ? "" : `${group}/`}${version}/${kind}`);
      if (!info) {
        const gv = group === "core" || group === "" ? version : `${group}/${version}`;
        return { stdout: "", warning, stderr: `${stderr}error: error retrieving RESTMappings to prune: invalid resource ${group === "core" ? "" : group}/${version}, Kind=${kind}, Namespaced=false: no matches for kind "${kind}" in version "${gv}"\n`, failed: true };
      }
      kinds.push(info);
    }
  }
  let stdout = "";
  const pruneIn = (info: KindInfo, namespace: string | undefined): boolean => {
    for (const obj of ctx.world.api.list(info, namespace)) {
      if (obj.metadata.annotations?.[LAST_APPLIED] === undefined) continue;
      if (visitedUids.has(obj.metadata.uid)) continue;
      if (selector && !matches(obj.metadata.labels, selector)) continue;
      if (dry !== "client") {
        const deleted = ctx.world.api.delete(info, namespace, obj.metadata.name, { propagationPolicy: "Background", dryRun: dry === "server" });
        if (!deleted.ok) {
          stderr += `${apiErrorText(deleted.error)}\n`;
          return false;
        }
      }
      stdout += operationLine(obj, "pruned", dry);
    }
    return true;
  };
  for (const namespace of [...visitedNamespaces].sort()) {
    for (const info of kinds.filter((k) => k.namespaced)) if (!pruneIn(info, namespace)) return { stdout, warning, stderr, failed: true };
  }
  for (const info of kinds.filter((k) => !k.namespaced)) if (!pruneIn(info, undefined)) return { stdout, warning, stderr, failed: true };
  return { stdout, warning, stderr, failed: false };
}

function toKind(gvk: string): KindInfo | undefined {
  const at = gvk.lastIndexOf("/");
  return kindFor(gvk.slice(0, at), gvk.slice(at + 1));
}
