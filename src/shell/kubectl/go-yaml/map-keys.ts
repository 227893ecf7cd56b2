/**
 * Map keys go-yaml v2 decodes but JSON cannot hold. go-yaml itself refuses a
 * key that decodes to a map or a slice (decode.go d.mapping: `invalid map
 * key: %#v`, while decoding, so in document order); sigs.k8s.io/yaml's
 * convertToJSONableObject then refuses any key that is not a string, number
 * or bool, which leaves a null key (`&x:` or `? ` with nothing after it):
 * `unsupported map key of type: %s, key: %+#v, value: %+#v`. Both messages
 * print go-yaml's decoded values with fmt's %#v, which is what this formats.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import { formatFloatG, goQuote } from "../printers/gofmt.js";

type Anchors = ReadonlyMap<string, unknown>;

/** The node an alias stands for (go-yaml decodes the anchored node in its place). */
export function dealias(node: unknown, anchors: Anchors): unknown {
  let n = node;
  for (let hops = 0; isAlias(n) && hops < 1000; hops++) n = anchors.get(n.source);
  return n;
}

function isNullScalar(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === undefined));
}

/** A decoded number is Go's int unless its text is a float's (`1.0`, `1e3`, `.inf`). */
function goNumber(node: { value: unknown; source?: string }): string {
  const n = node.value as number;
  const text = typeof node.source === "string" ? node.source : String(n);
  const isFloat = !Number.isInteger(n) || /[.eEnN]/.test(text.replace(/^0[xX].*/, ""));
  return isFloat ? formatFloatG(n) : BigInt(n).toString();
}

/** fmt's %#v of the value go-yaml decodes the node to (map[interface {}]interface {}, []interface {}). */
export function goSyntaxOfNode(node: unknown, anchors: Anchors, depth = 0): string {
  const n = dealias(node, anchors);
  if (depth > 200) return "...";
  if (isNullScalar(n)) return "interface {}(nil)";
  if (isScalar(n)) {
    const v = n.value;
    if (typeof v === "boolean") return String(v);
    if (typeof v === "number") return goNumber(n as { value: unknown; source?: string });
    if (typeof v === "bigint") return v.toString();
    return goQuote(String(v));
  }
  if (isSeq(n)) return `[]interface {}{${n.items.map((item) => goSyntaxOfNode(item, anchors, depth + 1)).join(", ")}}`;
  if (isMap(n)) {
    // A later duplicate key wins, as go-yaml assigns into the map; fmt prints keys sorted.
    const entries = new Map<string, string>();
    for (const pair of n.items) entries.set(goSyntaxOfNode(pair.key, anchors, depth + 1), goSyntaxOfNode(pair.value, anchors, depth + 1));
    const keys = [...entries.keys()].sort(compareGoKeys);
    return `map[interface {}]interface {}{${keys.map((k) => `${k}:${entries.get(k)}`).join(", ")}}`;
  }
  return "interface {}(nil)";
}

/** fmtsort for interface keys of one type: numbers by value, strings bytewise. */
function compareGoKeys(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (!a.startsWith('"') && !b.startsWith('"') && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** go-yaml's `invalid map key` for a key node decoded to a map or slice, else undefined. */
export function invalidMapKey(key: unknown, anchors: Anchors): string | undefined {
  const k = dealias(key, anchors);
  return isMap(k) || isSeq(k) ? `invalid map key: ${goSyntaxOfNode(k, anchors)}` : undefined;
}

/** sigs.k8s.io/yaml's error for the first null key in the decoded document, else undefined. */
export function unsupportedMapKey(doc: Document, anchors: Anchors): string | undefined {
  const seen = new Set<unknown>();
  function walk(node: unknown): string | undefined {
    const n = dealias(node, anchors);
    if (seen.has(n)) return undefined;
    seen.add(n);
    if (isSeq(n)) {
      for (const item of n.items) {
        const found = walk(item);
        if (found !== undefined) return found;
      }
    } else if (isMap(n)) {
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        if (isNullScalar(dealias(pair.key, anchors))) {
          const value = goSyntaxOfNode(pair.value, anchors);
          // %+#v of a nil interface prints <nil>; reflect.TypeOf(nil) is a nil Type, which %s shows as %!s(<nil>).
          return `unsupported map key of type: %!s(<nil>), key: <nil>, value: ${isNullScalar(dealias(pair.value, anchors)) ? "<nil>" : value}`;
        }
        const found = walk(pair.value);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }
  return walk(doc.contents as Node | null);
}
