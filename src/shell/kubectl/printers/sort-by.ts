/**
 * `kubectl get --sort-by=PATH` (kubectl/pkg/cmd/get/sorter.go and get.go, 1.32). The path is a
 * relaxed JSONPath that must find a value on at least one object. Values compare as sorter.go's
 * isLess does on decoded JSON: integers with integers, other numbers with other numbers, strings
 * as quantities when both parse as one (2Gi before 10Gi) and otherwise byte by byte (since 1.31,
 * no natural order: "web-10" < "web-9"); RFC 3339 timestamps are strings, so they sort by time.
 * An object without the value is less than any other, another such object included, and Go's
 * unstable sort.Sort does the sorting (go-sort.ts), so ties land where kubectl puts them. Table
 * output is sorted twice (RuntimeSorter, then SortingPrinter), lists once. Two values isLess
 * cannot order (booleans, maps, lists, a number against a string) end kubectl with klog.Exitf.
 */
import { compareBytes } from "../../../sim/core/compare.js";
import { compareQuantities, isQuantity } from "../../../sim/core/quantity.js";
import { klogLine } from "../errors.js";
import { goSort } from "../go-sort.js";
import { relaxedJSONPathExpression } from "./customcolumns.js";
import { findJSONPathResults, parseJSONPath } from "./jsonpath.js";

export type SortResult<T> = { ok: true; objects: T[] } | { ok: false; error: string };

/** "table": the rows of one kind's server-side Table; "list": the objects -o json|yaml|name|... prints. */
export type SortMode = "table" | "list";

const MISSING = Symbol("missing");

class Unsortable extends Error {}

export function sortObjectsBy<T>(objects: readonly T[], path: string, mode: SortMode, now: number): SortResult<T> {
  const relaxed = relaxedJSONPathExpression(path);
  // NewRuntimeSorter / SortingPrinter fall back to the raw text; SortObjects returns the error.
  if (!relaxed.ok && mode === "list") return { ok: false, error: `error: ${relaxed.error}` };
  const field = relaxed.ok ? relaxed.template : path;
  const parsed = parseJSONPath(field);
  if (!parsed.ok) return { ok: false, error: mode === "table" ? `error: sorting error: ${parsed.error}` : `error: ${parsed.error}` };
  const keys: unknown[] = [];
  for (const object of objects) {
    const found = findJSONPathResults(parsed.root, object);
    if (!found.ok) return { ok: false, error: `error: ${found.error}` };
    const first = found.results[0];
    keys.push(first && first.length > 0 ? first[0] : MISSING);
  }
  if (objects.length > 0 && keys.every((k) => k === MISSING)) {
    return { ok: false, error: `error: couldn't find any field with path "${field}" in the list of objects` };
  }
  const items = objects.map((object, i) => ({ object, key: keys[i] }));
  const less = (a: { key: unknown }, b: { key: unknown }): boolean => {
    if (a.key === MISSING) return true;
    if (b.key === MISSING) return false;
    return isLess(a.key, b.key);
  };
  try {
    goSort(items, less);
    // SortingPrinter sorts a Table of more than one row again when it prints it.
    if (mode === "table" && items.length > 1) goSort(items, less);
  } catch (e) {
    if (!(e instanceof Unsortable)) throw e;
    const where = mode === "table" ? "sorter.go:375" : "sorter.go:329";
    const holder = mode === "table" ? "[][][]reflect.Value" : "*unstructured.Unstructured";
    return { ok: false, error: klogLine("F", where, `Field ${field} in ${holder} is an unsortable type: interface, err: ${e.message}`, now).trimEnd() };
  }
  return { ok: true, objects: items.map((x) => x.object) };
}

/** The Go type a decoded JSON value has in an unstructured object. */
function goType(v: unknown): string {
  if (v === null) return "nil";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** isLess's reflect.Interface case, for the values of decoded JSON. */
function isLess(a: unknown, b: unknown): boolean {
  if (a === null && b === null) return false;
  if (a === null) return true;
  if (b === null) return false;
  const ta = goType(a);
  const tb = goType(b);
  if (ta === "int64" || ta === "float64" || ta === "string") {
    if (ta !== tb) throw new Unsortable("unsortable interface: interface");
    if (ta !== "string") return (a as number) < (b as number);
    const x = a as string;
    const y = b as string;
    if (isQuantity(x) && isQuantity(y)) return (compareQuantities(x, y) ?? 0) < 0;
    return compareBytes(x, y) < 0;
  }
  throw new Unsortable(`unsortable type: ${ta}`);
}
