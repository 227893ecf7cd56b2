/**
 * How Go prints plain JSON values (maps, slices, strings, numbers, bools,
 * null), for printers that must match kubectl byte for byte:
 * encoding/json (Marshal / MarshalIndent), fmt's %v and %#v, and
 * strconv.FormatFloat(f, 'g', -1, 64). Numbers that are whole are treated as
 * Go int64 (that is how unstructured objects decode them); others as float64.
 */

export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

/** Go's sort.Strings order: by UTF-8 bytes, which is code point order. */
export function compareGoStrings(a: string, b: string): number {
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** Any UTF-16 surrogate: only then does JS's code-unit order differ from Go's byte order. */
const SURROGATE = /[\ud800-\udfff]/;

export function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  return keys.some((k) => SURROGATE.test(k)) ? keys.sort(compareGoStrings) : keys.sort();
}

export function isGoInt(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63;
}

/** strconv.FormatFloat(f, 'g', -1, 64): shortest digits; %e when the exponent is < -4 or >= 6. */
export function formatFloatG(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  // toExponential() without digits gives the shortest round-trip digits.
  const [mantissa, expText] = f.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  // strconv: "if precision was the shortest possible, use precision 6 for this decision."
  const eprec = 6;
  if (exp < -4 || exp >= eprec) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${"0".repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** A number as fmt's %v prints an int64 or a float64. */
export function formatGoNumber(n: number): string {
  return isGoInt(n) ? BigInt(n).toString() : formatFloatG(n);
}

/** A number as encoding/json writes it (ES6 number formatting, like JS). */
function jsonNumber(n: number): string {
  if (isGoInt(n)) return BigInt(n).toString();
  return JSON.stringify(n);
}

/** encoding/json string escaping, with its default HTML escaping. */
/** Characters encoding/json escapes (or replaces); a string without any is written as it is. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

export function jsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029) {
      out += "\\u" + c.toString(16).padStart(4, "0");
    } else if (c >= 0xd800 && c <= 0xdfff) out += "\ufffd"; // lone surrogate: invalid UTF-8 in Go
    else out += ch;
  }
  return out + '"';
}

export interface MarshalOptions {
  /** MarshalIndent's indent; "" means compact json.Marshal. */
  indent?: string;
  /** Sort object keys as Go does for maps (unstructured objects). Default true. */
  sortKeys?: boolean;
}

/** json.Marshal / json.MarshalIndent(v, "", indent). No trailing newline. */
/**
 * What frozen (stored, unchanging) Kubernetes objects marshal to, per depth and options:
 * `get pods -o json` on a large cluster marshals mostly the same pods again.
 */
const marshalled = new WeakMap<object, Map<string, string>>();

export function marshalJSON(value: unknown, options: MarshalOptions = {}): string {
  const indent = options.indent ?? "";
  const sortKeys = options.sortKeys ?? true;
  const walk = (v: unknown, depth: number): string => {
    // Only whole objects (what a list's items are) are kept, not every nested map.
    if (v === null || typeof v !== "object" || !Object.isFrozen(v) || !("metadata" in v) || !("kind" in v)) return walkValue(v, depth);
    const key = `${depth}|${sortKeys}|${indent}`;
    let cache = marshalled.get(v);
    const hit = cache?.get(key);
    if (hit !== undefined) return hit;
    const text = walkValue(v, depth);
    if (!cache) marshalled.set(v, (cache = new Map()));
    cache.set(key, text);
    return text;
  };
  const walkValue = (v: unknown, depth: number): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") return jsonNumber(v);
    if (typeof v === "string") return jsonString(v);
    const nl = indent ? "\n" + indent.repeat(depth + 1) : "";
    const close = indent ? "\n" + indent.repeat(depth) : "";
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      return "[" + nl + v.map((item) => walk(item, depth + 1)).join("," + nl) + close + "]";
    }
    if (typeof v === "object") {
      const obj = v as Record<string, unknown>;
      const keys = (sortKeys ? sortedKeys(obj) : Object.keys(obj)).filter((k) => obj[k] !== undefined);
      if (keys.length === 0) return "{}";
      const sep = indent ? ": " : ":";
      return "{" + nl + keys.map((k) => jsonString(k) + sep + walk(obj[k], depth + 1)).join("," + nl) + close + "}";
    }
    return "null";
  };
  return walk(value, 0);
}

/** strconv.Quote, as %#v and %q print strings. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (c === 7) out += "\\a";
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c === 11) out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c >= 0x80 && c < 0xa0) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}

/** fmt's %#v of a decoded JSON value (map[string]interface {}, []interface {}). */
export function goSyntax(v: unknown, nested = false): string {
  if (v === null || v === undefined) return "interface {}(nil)";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return formatGoNumber(v);
  if (typeof v === "string") return goQuote(v);
  if (Array.isArray(v)) return "[]interface {}{" + v.map((x) => goSyntax(x, true)).join(", ") + "}";
  const obj = v as Record<string, unknown>;
  return (
    "map[string]interface {}{" +
    sortedKeys(obj)
      .map((k) => `${goQuote(k)}:${goSyntax(obj[k], true)}`)
      .join(", ") +
    "}"
  );
}

/** fmt's %v (fmt.Sprint) of a decoded JSON value: map[a:b c:[x y]], <nil>. */
export function goPrint(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return formatGoNumber(v);
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return "[" + v.map(goPrint).join(" ") + "]";
  const obj = v as Record<string, unknown>;
  return "map[" + sortedKeys(obj).map((k) => `${k}:${goPrint(obj[k])}`).join(" ") + "]";
}
