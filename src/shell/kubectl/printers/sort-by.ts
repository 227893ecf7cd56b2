/**
 * `kubectl get --sort-by=PATH` (kubectl/pkg/cmd/get/sorter.go): the path is a relaxed JSONPath;
 * it must find a value on at least one object, objects without it sort first, numbers
 * compare as numbers, strings as quantities when both parse as one (`--sort-by=.spec.capacity.storage`
 * puts 2Gi before 10Gi) and otherwise in natural order (sortorder.NaturalLess: "web-2" < "web-10").
 */
import { compareQuantities, isQuantity } from "../../../sim/core/quantity.js";
import { relaxedJSONPathExpression } from "./customcolumns.js";
import { findJSONPathResults, parseJSONPath } from "./jsonpath.js";

export type SortResult<T> = { ok: true; objects: T[] } | { ok: false; error: string };

export function sortObjectsBy<T>(objects: readonly T[], path: string): SortResult<T> {
  const relaxed = relaxedJSONPathExpression(path);
  if (!relaxed.ok) return { ok: false, error: `error: ${relaxed.error}` };
  const parsed = parseJSONPath(relaxed.template);
  if (!parsed.ok) return { ok: false, error: `error: ${parsed.error}` };
  const keys: (unknown | typeof MISSING)[] = [];
  for (const object of objects) {
    const found = findJSONPathResults(parsed.root, object);
    if (!found.ok) return { ok: false, error: `error: ${found.error}` };
    const first = found.results[0];
    keys.push(first && first.length > 0 ? first[0] : MISSING);
  }
  if (objects.length > 0 && keys.every((k) => k === MISSING)) {
    return { ok: false, error: `error: couldn't find any field with path "${relaxed.template}" in the list of objects` };
  }
  const order = objects.map((_, i) => i);
  // Stable, so ties keep the server's order (by namespace and name).
  order.sort((a, b) => compareKeys(keys[a], keys[b]));
  return { ok: true, objects: order.map((i) => objects[i]!) };
}

const MISSING = Symbol("missing");

function compareKeys(a: unknown, b: unknown): number {
  if (a === MISSING && b === MISSING) return 0;
  if (a === MISSING) return -1;
  if (b === MISSING) return 1;
  return less(a, b) ? -1 : less(b, a) ? 1 : 0;
}

function less(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (typeof a === "string" && typeof b === "string") {
    if (isQuantity(a) && isQuantity(b)) return (compareQuantities(a, b) ?? 0) < 0;
    return naturalLess(a, b);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    // isLess on slices: element by element over the shorter length; equal prefixes count as less.
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (!less(a[i], b[i])) return false;
    return true;
  }
  return false;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** github.com/fvbommel/sortorder NaturalLess: digit runs compare as numbers, the rest byte by byte. */
export function naturalLess(s1: string, s2: string): boolean {
  let i1 = 0;
  let i2 = 0;
  while (i1 < s1.length && i2 < s2.length) {
    const c1 = s1.charCodeAt(i1);
    const c2 = s2.charCodeAt(i2);
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i1++;
      i2++;
      continue;
    }
    while (i1 < s1.length && s1[i1] === "0") i1++;
    while (i2 < s2.length && s2[i2] === "0") i2++;
    const nz1 = i1;
    const nz2 = i2;
    while (i1 < s1.length && isDigit(s1.charCodeAt(i1))) i1++;
    while (i2 < s2.length && isDigit(s2.charCodeAt(i2))) i2++;
    const len1 = i1 - nz1;
    const len2 = i2 - nz2;
    if (len1 !== len2) return len1 < len2;
    const n1 = s1.slice(nz1, i1);
    const n2 = s2.slice(nz2, i2);
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return s1.length < s2.length;
}
