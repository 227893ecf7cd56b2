/**
 * Go's encoding/json syntax errors, for kubectl's JSON manifests. kubectl
 * (apimachinery's YAMLOrJSONDecoder) reads a file that starts with `{` as a
 * stream of JSON values through json.Decoder and reports a syntax error as
 * `json: offset N: invalid character 'x' looking for beginning of value`.
 * This is a port of the state machine in Go's encoding/json/scanner.go, so the
 * message and the offset (bytes read up to and including the bad one, counted
 * from the start of the stream) are Go's. JSON.parse then builds the values.
 */

/** On a syntax error, `values` are the ones before it: json.Decoder hands each out before reading on. */
export type JsonStreamResult = { ok: true; values: unknown[] } | { ok: false; error: string; values: unknown[] };

type Ctx = "object-key" | "object-value" | "array";

/** Go's quoteChar: the offending byte as the message shows it. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const q = JSON.stringify(c).slice(1, -1);
  const code = c.codePointAt(0)!;
  // strconv.Quote writes \x00-style escapes for control bytes JSON.stringify writes as \u00XX.
  if (code < 0x20 && !["\n", "\r", "\t", "\b", "\f"].includes(c)) return `'\\x${code.toString(16).padStart(2, "0")}'`;
  if (code === 0x7f) return "'\\x7f'";
  return `'${q}'`;
}

class SyntaxError_ extends Error {}

/** Splits a JSON text into its top-level values as json.Decoder would, or Go's error for it. */
export function decodeJsonStream(text: string): JsonStreamResult {
  const bytes = Buffer.from(text, "utf8");
  const values: unknown[] = [];
  let i = 0;
  const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
  const fail = (context: string): never => {
    // Offsets count bytes; the message shows the whole (possibly multi-byte) character.
    const ch = bytes.subarray(i, i + utf8Length(bytes[i]!)).toString("utf8");
    throw new SyntaxError_(`json: offset ${i + 1}: invalid character ${quoteChar(ch)} ${context}`);
  };
  const eof = (): never => {
    throw new SyntaxError_("unexpected EOF");
  };

  function value(): void {
    while (i < bytes.length && isSpace(bytes[i]!)) i++;
    if (i >= bytes.length) eof();
    const c = bytes[i]!;
    if (c === 0x7b) return object();
    if (c === 0x5b) return array();
    if (c === 0x22) return string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return number();
    if (c === 0x74) return literal("true");
    if (c === 0x66) return literal("false");
    if (c === 0x6e) return literal("null");
    fail("looking for beginning of value");
  }

  function skipSpace(): void {
    while (i < bytes.length && isSpace(bytes[i]!)) i++;
    if (i >= bytes.length) eof();
  }

  function after(ctx: Ctx): void {
    skipSpace();
    fail(ctx === "object-key" ? "after object key" : ctx === "object-value" ? "after object key:value pair" : "after array element");
  }

  function object(): void {
    i++;
    skipSpace();
    if (bytes[i] === 0x7d) return void i++;
    for (;;) {
      skipSpace();
      if (bytes[i] !== 0x22) fail("looking for beginning of object key string");
      string();
      skipSpace();
      if (bytes[i] !== 0x3a) after("object-key");
      i++;
      value();
      skipSpace();
      if (bytes[i] === 0x2c) {
        i++;
        continue;
      }
      if (bytes[i] === 0x7d) return void i++;
      after("object-value");
    }
  }

  function array(): void {
    i++;
    skipSpace();
    if (bytes[i] === 0x5d) return void i++;
    for (;;) {
      value();
      skipSpace();
      if (bytes[i] === 0x2c) {
        i++;
        continue;
      }
      if (bytes[i] === 0x5d) return void i++;
      after("array");
    }
  }

  function string(): void {
    i++;
    for (;;) {
      if (i >= bytes.length) eof();
      const c = bytes[i]!;
      if (c === 0x22) return void i++;
      if (c < 0x20) fail("in string literal");
      if (c === 0x5c) {
        i++;
        if (i >= bytes.length) eof();
        const e = bytes[i]!;
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= bytes.length) eof();
            if (!/[0-9a-fA-F]/.test(String.fromCharCode(bytes[i]!))) fail("in \\u hexadecimal character escape");
          }
        } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) fail("in string escape code");
      }
      i++;
    }
  }

  const digit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
  function number(): void {
    if (bytes[i] === 0x2d) {
      i++;
      if (i >= bytes.length) eof();
      if (!digit(bytes[i])) fail("in numeric literal");
    }
    if (bytes[i] === 0x30) i++;
    else while (digit(bytes[i])) i++;
    if (bytes[i] === 0x2e) {
      i++;
      if (i >= bytes.length) eof();
      if (!digit(bytes[i])) fail("after decimal point in numeric literal");
      while (digit(bytes[i])) i++;
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      if (i >= bytes.length) eof();
      if (!digit(bytes[i])) fail("in exponent of numeric literal");
      while (digit(bytes[i])) i++;
    }
  }

  function literal(word: string): void {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (i >= bytes.length) eof();
      if (bytes[i] !== word.charCodeAt(k)) fail(`in literal ${word} (expecting '${word[k]}')`);
    }
    i++;
  }

  try {
    for (;;) {
      while (i < bytes.length && isSpace(bytes[i]!)) i++;
      if (i >= bytes.length) break;
      const start = i;
      value();
      values.push(JSON.parse(bytes.subarray(start, i).toString("utf8")));
    }
    return { ok: true, values };
  } catch (e) {
    if (e instanceof SyntaxError_) return { ok: false, error: e.message, values };
    throw e;
  }
}

function utf8Length(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}
