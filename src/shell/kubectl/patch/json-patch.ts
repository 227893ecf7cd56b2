/**
 * RFC 6902 JSON Patch as evanphx/json-patch v5 applies it for kube-apiserver and
 * `kubectl patch --type json --local`: add, remove, replace, move, copy, test on JSON
 * pointers, with that library's error texts (recorded from kubectl 1.32 --local, see
 * testdata/errors/patch-json-*.err). Quirks kept: replace of a missing key in an existing
 * object sets it; a missing "value" is null.
 */
import { PatchError } from "./strategic-merge.js";

type Json = unknown;
type Container = Record<string, Json> | Json[];

interface Operation {
  op: string;
  path?: string;
  from?: string;
  value?: Json;
}

/** The patch document, or the decoding error (json.Unmarshal into jsonpatch.Patch). */
export function decodeJsonPatch(doc: Json): Operation[] {
  if (!Array.isArray(doc)) throw new PatchError(`json: cannot unmarshal ${Array.isArray(doc) ? "array" : typeof doc === "object" && doc !== null ? "object" : typeof doc === "string" ? "string" : "number"} into Go value of type jsonpatch.Patch`);
  return doc.map((op) => {
    const o = (typeof op === "object" && op !== null ? op : {}) as Record<string, Json>;
    return { op: typeof o.op === "string" ? o.op : "unknown", ...(typeof o.path === "string" ? { path: o.path } : {}), ...(typeof o.from === "string" ? { from: o.from } : {}), value: "value" in o ? o.value : null };
  });
}

function pointer(path: string): string[] {
  return path === "" ? [] : path.slice(1).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The parent container of a path and the last key, or undefined when the parent is missing. */
function parentOf(doc: Json, path: string): { parent: Container; key: string } | undefined {
  if (!path.startsWith("/")) return undefined;
  const parts = pointer(path);
  const key = parts.pop()!;
  let node: Json = doc;
  for (const part of parts) {
    if (Array.isArray(node)) node = /^\d+$/.test(part) ? node[Number(part)] : undefined;
    else if (typeof node === "object" && node !== null) node = (node as Record<string, Json>)[part];
    else return undefined;
    if (node === undefined || node === null) return undefined;
  }
  return typeof node === "object" && node !== null ? { parent: node as Container, key } : undefined;
}

function arrayIndex(arr: Json[], key: string, op: string, path: string, forInsert: boolean): number {
  const max = forInsert ? arr.length : arr.length - 1;
  if (!/^\d+$/.test(key) || Number(key) > max) throw new PatchError(`error in ${op} for path: '${path}': Unable to access invalid index: ${key}: invalid index referenced`);
  return Number(key);
}

function getAt(doc: Json, path: string): Json | undefined {
  const found = parentOf(doc, path);
  if (!found) return undefined;
  const { parent, key } = found;
  return Array.isArray(parent) ? (/^\d+$/.test(key) ? parent[Number(key)] : undefined) : parent[key];
}

function add(doc: Json, path: string, value: Json, op = "add"): void {
  const found = parentOf(doc, path);
  if (!found) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  const { parent, key } = found;
  if (Array.isArray(parent)) parent.splice(key === "-" ? parent.length : arrayIndex(parent, key, op, path, true), 0, structuredClone(value));
  else parent[key] = structuredClone(value);
}

function remove(doc: Json, path: string, op = "remove"): Json {
  const found = parentOf(doc, path);
  if (!found) throw new PatchError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
  const { parent, key } = found;
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, op, path, false), 1)[0];
  if (!(key in parent)) throw new PatchError(`error in ${op} for path: '${op === "move" ? key : path}': Unable to remove nonexistent key: ${key}: missing value`);
  const old = parent[key];
  delete parent[key];
  return old;
}

/** Applies the operations in order to a copy of doc. */
export function applyJsonPatch(doc: Json, operations: readonly Operation[]): Json {
  const out = structuredClone(doc);
  for (const o of operations) {
    if (!["add", "remove", "replace", "move", "copy", "test"].includes(o.op)) throw new PatchError(`Unexpected kind: ${o.op}`);
    if (o.path === undefined) throw new PatchError(`${o.op} operation failed to decode path: missing value`);
    switch (o.op) {
      case "add":
        add(out, o.path, o.value);
        break;
      case "remove":
        remove(out, o.path);
        break;
      case "replace": {
        const found = parentOf(out, o.path);
        if (!found) throw new PatchError(`replace operation does not apply: doc is missing path: ${o.path}: missing value`);
        if (Array.isArray(found.parent)) {
          if (!/^\d+$/.test(found.key) || Number(found.key) >= found.parent.length) throw new PatchError(`Object to be patched is missing field (${o.path}: missing value)`);
          found.parent[Number(found.key)] = structuredClone(o.value);
        } else found.parent[found.key] = structuredClone(o.value);
        break;
      }
      case "move": {
        const from = o.from ?? "";
        add(out, o.path, remove(out, from, "move"), "move");
        break;
      }
      case "copy": {
        const value = getAt(out, o.from ?? "");
        if (value === undefined) throw new PatchError(`copy operation does not apply: doc is missing from path: "${o.from ?? ""}": missing value`);
        add(out, o.path, value, "copy");
        break;
      }
      case "test": {
        const value = getAt(out, o.path);
        if (JSON.stringify(canonical(value ?? null)) !== JSON.stringify(canonical(o.value))) throw new PatchError(`testing value ${o.path} failed: test failed`);
        break;
      }
    }
  }
  return out;
}

function canonical(v: Json): Json {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, Json>)[k])]));
  return v;
}
