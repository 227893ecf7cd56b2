/**
 * `kustomize build` as kubectl 1.32 (kustomize v5.5) runs it: a kustomization's resources
 * (files, and folders that are kustomizations of their own: bases), its generators, then its
 * transformers in krusty's order (patches, namespace, prefix/suffix, labels, annotations,
 * patchesJson6902, replicas, images); at the top, hash suffixes, name references and the
 * legacy order. Files are read through the terminal's own resolver (FamilyContext) and, as
 * kustomize's LoadRestrictionsRootOnly, a file must lie in or below its kustomization's folder.
 * https://kubernetes.io/docs/tasks/manage-kubernetes-objects/kustomization/
 */
import { posix } from "node:path";
import { parse } from "yaml";
import { RE2JS } from "re2js";
import { matches } from "../../../sim/core/labels.js";
import type { FamilyContext } from "../../types.js";
import { parseManifestText } from "../manifests.js";
import { schemaOfKind } from "../patch/patch-strategies.js";
import { applyStrategicMergePatch, PatchError } from "../patch/strategic-merge.js";
import { applyJsonPatch, decodeJsonPatch } from "../patch/json-patch.js";
import { parseSelectorFlag } from "../targets.js";
import { kustomizeHash, runGenerators, type Generated } from "./generators.js";
import { KUSTOMIZATION_FILES, list, parseKustomization, stringMap } from "./kustomization.js";
import {
  addAnnotations, addLabels, addPrefixSuffix, fixNameReferences, groupVersion, idOf, kindOf, legacySort, nameOf, namespaceOf, rename,
  resId, setImages, setNamespace, setReplicas, type ImageRule, type Resource,
} from "./transformers.js";

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export type BuildResult = { ok: true; objects: Json[]; warnings: string[] } | { ok: false; error: string; warnings: string[] };
type Step<T> = { ok: true; value: T } | { ok: false; error: string };

/** Builds the kustomization in `dir` (relative to the terminal's folder) into its objects, in print order. */
export async function kustomizeBuild(ctx: FamilyContext, dir: string): Promise<BuildResult> {
  const warnings: string[] = [];
  const abs = posix.resolve(ctx.cwd, dir);
  if ((await ctx.readDir(abs)) === undefined) {
    const error = (await ctx.readFile(abs)) === undefined
      ? `must build at directory: not a valid directory: evalsymlink failure on '${dir}' : lstat ${abs}: no such file or directory`
      : `must build at directory: '${abs}': file is not directory`;
    return { ok: false, error, warnings };
  }
  const built = await buildDir(ctx, abs, warnings, []);
  if (!built.ok) return { ...built, warnings };
  const resources = built.value;
  // makeCustomizedResMap: hashes, then back references, once, at the top.
  for (const r of resources) if (r.needsHash) rename(r, `${nameOf(r)}-${kustomizeHash(r.obj)}`);
  fixNameReferences(resources);
  return { ok: true, objects: legacySort(resources).map((r) => r.obj), warnings };
}

async function buildDir(ctx: FamilyContext, root: string, warnings: string[], stack: string[]): Promise<Step<Resource[]>> {
  if (stack.includes(root)) return { ok: false, error: `cycle detected: candidate root '${root}' contains visited root '${stack[stack.length - 1]}'` };
  const entries = (await ctx.readDir(root)) ?? [];
  const file = KUSTOMIZATION_FILES.find((f) => entries.includes(f));
  if (!file) return { ok: false, error: `unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${root}'` };
  const loaded = parseKustomization((await ctx.readFile(`${root}/${file}`)) ?? "");
  if (!loaded.ok) return { ok: false, error: loaded.error.replace(/^FILE /, `${file} `).replace("under ROOT:", `under ${root}:`) };
  for (const w of loaded.value.warnings) if (!warnings.includes(w)) warnings.push(w);
  const k = loaded.value.raw;
  const inRoot = (path: string): Step<string> => {
    const p = posix.resolve(root, path);
    return p === root || p.startsWith(`${root}/`) ? { ok: true, value: p } : { ok: false, error: `security; file '${p}' is not in or below '${root}'` };
  };
  const readInRoot = async (path: string): Promise<{ ok: true; text: string } | { ok: false; error: string }> => {
    const p = inRoot(path);
    if (!p.ok) return p;
    const text = await ctx.readFile(p.value);
    return text === undefined ? { ok: false, error: `evalsymlink failure on '${p.value}' : lstat ${p.value}: no such file or directory` } : { ok: true, text };
  };

  // Resources, then (deprecated) bases, in order.
  const resources: Resource[] = [];
  for (const entry of [...list(k.resources), ...list(k.bases)].map(String)) {
    if (/^(https?:\/\/|git@|github\.com\/|ssh:\/\/)/.test(entry)) return { ok: false, error: `kadet: remote kustomize resources (${entry}) are not simulated` };
    const path = posix.resolve(root, entry);
    const from = `accumulating resources: accumulation err='accumulating resources from '${entry}'`;
    let added: Resource[];
    if ((await ctx.readDir(path)) !== undefined) {
      const sub = await buildDir(ctx, path, warnings, [...stack, root]);
      if (!sub.ok) return { ok: false, error: `${from}: '${path}' must resolve to a file': recursed accumulation of path '${path}': ${sub.error}` };
      added = sub.value;
    } else {
      const text = await ctx.readFile(path);
      if (text === undefined) {
        const missing = `evalsymlink failure on '${path}' : lstat ${path}: no such file or directory`;
        return { ok: false, error: `${from}: ${missing}': must build at directory: not a valid directory: ${missing}` };
      }
      const allowed = inRoot(entry);
      if (!allowed.ok) return { ok: false, error: `${from}: ${allowed.error}': must build at directory: '${path}': file is not directory` };
      const parsed = parseManifestText(text, entry);
      if (!parsed.ok) return { ok: false, error: `${from}: ${parsed.error.replace(/^error: /, "")}'` };
      added = parsed.manifests.map((m) => ({ obj: structuredClone(m.object) as unknown as Json, names: [String(m.object.metadata?.name ?? "")], needsHash: false }));
    }
    for (const r of added) {
      if (resources.some((o) => idOf(o) === idOf(r))) {
        const merging = `accumulating resources: accumulation err='merging resources from '${entry}'`;
        return { ok: false, error: `${merging}: may not add resource with an already registered id: ${idOf(r)}': must build at directory: '${path}': file is not directory` };
      }
      resources.push(r);
    }
  }

  // Generators, merged with what the resources already hold (behavior create/merge/replace).
  const files = { read: readInRoot };
  const options = isMap(k.generatorOptions) ? k.generatorOptions : undefined;
  for (const [field, kind] of [["configMapGenerator", "ConfigMap"], ["secretGenerator", "Secret"]] as const) {
    const made = await runGenerators(kind, list(k[field]), options, files);
    if (!made.ok) return made;
    for (const g of made.generated) {
      const merged = mergeGenerated(resources, g, String(k.namespace ?? ""));
      if (!merged.ok) return merged;
    }
  }

  // Transformers, in krusty's configureBuiltinTransformers order.
  const smp = await strategicPatches(k, readInRoot);
  if (!smp.ok) return smp;
  for (const patch of smp.value) {
    const applied = applyPatch(resources, patch);
    if (!applied.ok) return applied;
  }
  if (typeof k.namespace === "string" && k.namespace !== "") setNamespace(resources, k.namespace);
  addPrefixSuffix(resources, String(k.namePrefix ?? ""), String(k.nameSuffix ?? ""));
  addLabels(resources, stringMap(k.commonLabels), true, true);
  for (const entry of list(k.labels)) {
    const e = (entry ?? {}) as Json;
    addLabels(resources, stringMap(e.pairs), e.includeSelectors === true, e.includeTemplates === true);
  }
  addAnnotations(resources, stringMap(k.commonAnnotations));
  for (const raw of list(k.patchesJson6902)) {
    const e = (raw ?? {}) as Json;
    const text = typeof e.patch === "string" ? { ok: true as const, text: e.patch } : await readInRoot(String(e.path ?? ""));
    if (!text.ok) return text;
    const applied = applyPatch(resources, { text: text.text, target: isMap(e.target) ? e.target : undefined, json: true });
    if (!applied.ok) return applied;
  }
  setReplicas(resources, list(k.replicas).map((r) => ({ name: String((r as Json)?.name ?? ""), count: Number((r as Json)?.count ?? 0) })));
  setImages(resources, list(k.images).map((i) => i as ImageRule));
  return { ok: true, value: resources };
}

function mergeGenerated(resources: Resource[], g: Generated, namespace: string): Step<void> {
  const name = String((g.object.metadata as Json).name);
  const kind = String(g.object.kind);
  const ns = String((g.object.metadata as Json).namespace ?? "");
  const existing = resources.find((r) => kindOf(r) === kind && r.names.includes(name) && (ns === "" || namespaceOf(r) === ns || namespaceOf(r) === namespace));
  const id = `resid.ResId{Gvk:resid.Gvk{Group:"", Version:"v1", Kind:"${kind}", isClusterScoped:false}, Name:"${name}", Namespace:"${ns}"}`;
  // kustomize prints the generator's Go pointer here (%v of a struct holding it); kadet's is a stand-in.
  const generator = "merging from generator &{0xc000100000 <nil>}";
  if (g.behavior === "create") {
    if (existing) return { ok: false, error: `${generator}: id ${id} exists; behavior must be merge or replace` };
    resources.push({ obj: g.object, names: [name], needsHash: g.needsHash });
    return { ok: true, value: undefined };
  }
  if (!existing) return { ok: false, error: `${generator}: id ${id} does not exist; cannot merge or replace` };
  if (g.behavior === "replace") {
    existing.obj = { ...g.object, metadata: { ...(g.object.metadata as Json), name: nameOf(existing), ...(namespaceOf(existing) ? { namespace: namespaceOf(existing) } : {}) } };
  } else {
    const m = existing.obj.metadata as Json;
    const gm = g.object.metadata as Json;
    if (gm.labels) m.labels = { ...stringMap(m.labels), ...stringMap(gm.labels) };
    if (gm.annotations) m.annotations = { ...stringMap(m.annotations), ...stringMap(gm.annotations) };
    if (g.object.data) existing.obj.data = { ...stringMap(existing.obj.data), ...stringMap(g.object.data) };
  }
  existing.needsHash = existing.needsHash && g.needsHash;
  return { ok: true, value: undefined };
}

interface PatchSpec {
  text: string;
  target?: Json;
  /** patchesJson6902 entries are always JSON patches. */
  json?: boolean;
}

/** patchesStrategicMerge (paths or inline documents) and patches (path or patch, optional target), in that order. */
async function strategicPatches(k: Json, read: (p: string) => Promise<{ ok: true; text: string } | { ok: false; error: string }>): Promise<Step<PatchSpec[]>> {
  const out: PatchSpec[] = [];
  for (const raw of list(k.patchesStrategicMerge).map(String)) {
    if (raw.includes("\n") || raw.trimStart().startsWith("{")) out.push({ text: raw });
    else {
      const t = await read(raw);
      if (!t.ok) return t;
      out.push({ text: t.text });
    }
  }
  for (const raw of list(k.patches)) {
    const e = (raw ?? {}) as Json;
    if (isMap(e.options) && Object.keys(e.options).length > 0) return { ok: false, error: "kadet: kustomize patch options (allowNameChange, allowKindChange) are not simulated" };
    let text: string;
    if (typeof e.patch === "string") text = e.patch;
    else if (typeof e.path === "string") {
      const t = await read(e.path);
      if (!t.ok) return t;
      text = t.text;
    } else return { ok: false, error: "must specify one of patch and path in\n" + JSON.stringify(e) };
    out.push({ text, target: isMap(e.target) ? e.target : undefined });
  }
  return { ok: true, value: out };
}

function selects(r: Resource, target: Json): Step<boolean> {
  const { group, version } = groupVersion(r);
  if (target.group !== undefined && target.group !== group) return { ok: true, value: false };
  if (target.version !== undefined && target.version !== version) return { ok: true, value: false };
  if (target.kind !== undefined && target.kind !== kindOf(r)) return { ok: true, value: false };
  if (target.namespace !== undefined && target.namespace !== namespaceOf(r)) return { ok: true, value: false };
  if (target.name !== undefined) {
    let re: RE2JS;
    try {
      re = RE2JS.compile(`^(?:${String(target.name)})$`);
    } catch {
      return { ok: false, error: `target name regex ${String(target.name)} is not valid` };
    }
    if (!r.names.some((n) => re.matches(n))) return { ok: true, value: false };
  }
  for (const [key, field] of [["labelSelector", "labels"], ["annotationSelector", "annotations"]] as const) {
    if (typeof target[key] !== "string") continue;
    const sel = parseSelectorFlag(target[key] as string);
    if (!sel.ok) return { ok: false, error: sel.error.replace(/^error: /, "") };
    if (sel.selector && !matches(stringMap((r.obj.metadata as Json | undefined)?.[field]), sel.selector)) return { ok: true, value: false };
  }
  return { ok: true, value: true };
}

function applyPatch(resources: Resource[], patch: PatchSpec): Step<void> {
  let doc: unknown;
  try {
    doc = parse(patch.text);
  } catch (e) {
    return { ok: false, error: `unable to parse SM or JSON patch from [${patch.text}]: ${(e as Error).message.split("\n")[0]}` };
  }
  const json = patch.json === true || Array.isArray(doc);
  if (json) {
    if (!patch.target) return { ok: false, error: `must specify a target for JSON patch [patch: ${JSON.stringify(patch.text)}]` };
    let ops;
    try {
      ops = decodeJsonPatch(doc);
    } catch (e) {
      if (e instanceof PatchError) return { ok: false, error: e.message };
      throw e;
    }
    for (const r of resources) {
      const s = selects(r, patch.target);
      if (!s.ok) return s;
      if (!s.value) continue;
      try {
        r.obj = applyJsonPatch(r.obj, ops) as Json;
      } catch (e) {
        if (e instanceof PatchError) return { ok: false, error: e.message };
        throw e;
      }
    }
    return { ok: true, value: undefined };
  }
  if (!isMap(doc)) return { ok: false, error: `unable to parse SM or JSON patch from [${patch.text}]` };
  const pm = (doc.metadata ?? {}) as Json;
  let targets: Resource[];
  if (patch.target) {
    targets = [];
    for (const r of resources) {
      const s = selects(r, patch.target);
      if (!s.ok) return s;
      if (s.value) targets.push(r);
    }
  } else {
    targets = resources.filter((r) => kindOf(r) === doc.kind && r.names.includes(String(pm.name ?? "")) && (pm.namespace === undefined || namespaceOf(r) === pm.namespace) && (doc.apiVersion === undefined || r.obj.apiVersion === doc.apiVersion));
    if (targets.length !== 1) {
      const id = resId(String(doc.kind ?? ""), String(doc.apiVersion ?? ""), String(pm.name ?? ""), String(pm.namespace ?? ""));
      return { ok: false, error: `no resource matches strategic merge patch "${id}": no matches for Id ${id}; failed to find unique target for patch ${id}` };
    }
  }
  // The patch's own apiVersion, kind, name and namespace only select; they are not merged in.
  const body: Json = { ...doc };
  delete body.apiVersion;
  delete body.kind;
  const metadata = { ...pm };
  delete metadata.name;
  delete metadata.namespace;
  if (Object.keys(metadata).length > 0) body.metadata = metadata;
  else delete body.metadata;
  for (const r of targets) {
    try {
      r.obj = applyStrategicMergePatch(r.obj, body, schemaOfKind(kindOf(r)));
    } catch (e) {
      if (e instanceof PatchError) return { ok: false, error: e.message };
      throw e;
    }
  }
  return { ok: true, value: undefined };
}
