/**
 * Resource arguments as kubectl's resource builder reads them
 * (cli-runtime/pkg/resource/builder.go ResourceTypeOrNameArgs):
 * `pods`, `pods,svc`, `pod web api`, `pod/web deploy/api`, and `all`.
 */
import { KINDS, resolveResource, type KindInfo } from "../../sim/api/kinds.js";

export interface ResourceRequest {
  info: KindInfo;
  /** Names asked for; empty means "list them". */
  names: string[];
}

export type ResourceArgs = { ok: true; requests: ResourceRequest[]; byName: boolean } | { ok: false; error: string };

/** The kinds `all` stands for, in discovery order (the "all" category). */
export function allCategory(): KindInfo[] {
  return KINDS.filter((k) => k.categories.includes("all"));
}

function resolveTypes(text: string): KindInfo[] | string {
  const out: KindInfo[] = [];
  for (const part of text.split(",")) {
    if (part === "") continue;
    if (part === "all") {
      out.push(...allCategory());
      continue;
    }
    const info = resolveResource(part);
    if (!info) return `error: the server doesn't have a resource type "${part}"`;
    if (!out.includes(info)) out.push(info);
  }
  return out;
}

export function parseResourceArgs(args: readonly string[]): ResourceArgs {
  if (args.length === 0) return { ok: true, requests: [], byName: false };
  const slashed = args.filter((a) => a.includes("/"));
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      return {
        ok: false,
        error:
          "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      };
    }
    const requests: ResourceRequest[] = [];
    for (const arg of args) {
      const slash = arg.indexOf("/");
      const type = arg.slice(0, slash);
      const name = arg.slice(slash + 1);
      if (name === "") return { ok: false, error: `error: arguments in resource/name form must have a single resource and name` };
      const info = resolveResource(type);
      if (!info) return { ok: false, error: `error: the server doesn't have a resource type "${type}"` };
      const existing = requests.find((r) => r.info === info);
      if (existing) existing.names.push(name);
      else requests.push({ info, names: [name] });
    }
    return { ok: true, requests, byName: true };
  }
  const types = resolveTypes(args[0]!);
  if (typeof types === "string") return { ok: false, error: types };
  const names = args.slice(1);
  return { ok: true, requests: types.map((info) => ({ info, names: [...names] })), byName: names.length > 0 };
}
