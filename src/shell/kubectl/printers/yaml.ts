/**
 * `kubectl get -o yaml`: the YAML kubectl writes for an object. kubectl turns
 * the object into JSON and then into YAML with sigs.k8s.io/yaml, whose
 * encoder is go-yaml v2. This is a port of the parts of go-yaml v2 that
 * matter for JSON-shaped data: map keys sorted with its "natural" key order
 * (sorter.go), strings quoted only when a plain scalar would read back as
 * something else (encode.go stringv + resolve.go), the emitter's choice
 * between plain, 'single', "double" and | literal styles
 * (emitterc.go yaml_emitter_analyze_scalar / select_scalar_style), and its
 * folding of long lines at 80 columns. Sequences are not indented under
 * their key, as go-yaml writes them.
 */
import { formatFloatG, isGoInt } from "./gofmt.js";

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

/** Serialises one JSON-shaped value as a YAML document (ends with "\n"). */
export function toYAML(value: unknown): string {
  const out: string[] = [];
  emitTop(value, out);
  return out.join("");
}

// ---------------------------------------------------------------- key order

function isLetter(ch: string): boolean {
  return /\p{L}/u.test(ch);
}
function isDigit(ch: string): boolean {
  return /\p{Nd}/u.test(ch);
}

/** go-yaml v2 sorter.go keyList.Less for two string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const ca = ar[i]!;
    const cb = br[i]!;
    const al = isLetter(ca);
    const bl = isLetter(cb);
    if (al && bl) return ca.codePointAt(0)! < cb.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ca === "0" || cb === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + (ar[ai]!.codePointAt(0)! - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + (br[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ca.codePointAt(0)! < cb.codePointAt(0)!;
  }
  return ar.length < br.length;
}

export function yamlSortedKeys(obj: object): string[] {
  return Object.keys(obj).sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

// ------------------------------------------------------- plain resolution

const BOOL_OR_NULL = new Set([
  "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
  "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
  "~", "null", "Null", "NULL",
  ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Go strconv.ParseInt / ParseUint(s, 0, 64) syntax (after "_" removal). */
function goParsesAsInt(s: string): boolean {
  const m = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  const body = s.replace(/^[-+]/, "");
  let big: bigint;
  if (/^0[oO]/.test(body)) big = BigInt("0o" + body.slice(2));
  else if (/^0[0-7]+$/.test(body)) big = BigInt("0o" + body.slice(1));
  else big = BigInt(body);
  if (s.startsWith("-")) return big <= 2n ** 63n;
  return big < 2n ** 64n;
}

/** Go time.Parse with the layouts go-yaml v2 tries (resolve.go parseTimestamp). */
function looksLikeTimestamp(s: string): boolean {
  let i = 0;
  while (i < s.length && s[i]! >= "0" && s[i]! <= "9") i++;
  if (i !== 4 || i === s.length || s[i] !== "-") return false;
  const date = "\\d{4}-\\d{1,2}-\\d{1,2}";
  const time = "\\d{1,2}:\\d{1,2}:\\d{1,2}(\\.\\d+)?";
  const zone = "(Z|[+-]\\d{2}:\\d{2})";
  return (
    new RegExp(`^${date}$`).test(s) ||
    new RegExp(`^${date}[Tt]${time}${zone}$`).test(s) ||
    new RegExp(`^${date} ${time}$`).test(s)
  );
}

/** Whether go-yaml v2 would read `s` as a plain scalar back as a non-string. */
function resolvesToNonString(s: string): boolean {
  if (s === "") return true; // null
  const hint = s[0]!;
  if ("yYnNtTfFoO~".includes(hint)) return BOOL_OR_NULL.has(s);
  if (hint === ".") return BOOL_OR_NULL.has(s) || (YAML_STYLE_FLOAT.test(s) && !Number.isNaN(Number(s)));
  if (hint === "+" || hint === "-" || (hint >= "0" && hint <= "9")) {
    if (BOOL_OR_NULL.has(s)) return true;
    if (hint >= "0" && hint <= "9" && looksLikeTimestamp(s)) return true;
    const plain = s.replace(/_/g, "");
    if (goParsesAsInt(plain)) return true;
    if (YAML_STYLE_FLOAT.test(plain)) return true;
    if (/^-?0b[01]+$/.test(plain)) return true;
    return false;
  }
  return false;
}

// ----------------------------------------------------------- scalar style

/** emitterc/yamlprivateh.go is_printable, in code points. */
function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}
const isBreak = (ch: string | undefined): boolean =>
  ch === "\n" || ch === "\r" || ch === "\u0085" || ch === "\u2028" || ch === "\u2029";
const isBlank = (ch: string | undefined): boolean => ch === " " || ch === "\t";

interface ScalarAnalysis {
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
  multiline: boolean;
}

/** emitterc.go yaml_emitter_analyze_scalar (unicode output enabled). */
function analyzeScalar(value: string): ScalarAnalysis {
  if (value.length === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  const chars = Array.from(value);
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith("---") || value.startsWith("...")) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || isBlank(next) || isBreak(next);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === "?" || ch === ":") {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === "-" && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (",?[]{}".includes(ch)) {
      flowIndicators = true;
    } else if (ch === ":") {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === "#" && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (!isPrintable(ch.codePointAt(0)!)) specialCharacters = true;
    if (ch === " ") {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(ch) || isBreak(ch);
  }
  const a: ScalarAnalysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

type Style = "plain" | "single" | "double" | "literal";

/** encode.go stringv + emitterc.go yaml_emitter_select_scalar_style (block context). */
function selectStyle(s: string, simpleKey: boolean): Style {
  let style: Style;
  if (s.includes("\n")) style = "literal";
  else if (!resolvesToNonString(s) && !BASE60_FLOAT.test(s)) style = "plain";
  else style = "double";
  const a = analyzeScalar(s);
  if (style === "plain") {
    if (!a.blockPlainAllowed || (simpleKey && a.multiline)) style = "single";
    else if (s.length === 0 && simpleKey) style = "single";
  }
  if (style === "single" && !a.singleQuotedAllowed) style = "double";
  if (style === "literal" && (!a.blockAllowed || simpleKey)) style = "double";
  return style;
}

// ---------------------------------------------------------------- writer

/** The emitter's output position, so long scalars fold where go-yaml folds them. */
class Writer {
  column = 0;
  constructor(private readonly out: string[]) {}
  write(text: string): void {
    this.out.push(text);
    for (const ch of text) {
      if (ch === "\n") this.column = 0;
      else this.column++;
    }
  }
  /** yaml_emitter_write_indent after content: a line break, then spaces. */
  newlineIndent(indent: number): void {
    this.write("\n" + " ".repeat(indent));
  }
}

const DOUBLE_ESCAPES: Record<number, string> = {
  0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r",
  0x1b: "e", 0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
};

function writeDouble(w: Writer, value: string, indent: number, allowBreaks: boolean): void {
  w.write('"');
  const chars = Array.from(value);
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const c = ch.codePointAt(0)!;
    if (!isPrintable(c) || c === 0xfeff || isBreak(ch) || ch === '"' || ch === "\\") {
      const short = DOUBLE_ESCAPES[c];
      if (short !== undefined) w.write("\\" + short);
      else if (c <= 0xff) w.write("\\x" + c.toString(16).toUpperCase().padStart(2, "0"));
      else if (c <= 0xffff) w.write("\\u" + c.toString(16).toUpperCase().padStart(4, "0"));
      else w.write("\\U" + c.toString(16).toUpperCase().padStart(8, "0"));
      spaces = false;
    } else if (ch === " ") {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        w.newlineIndent(indent);
        if (chars[i + 1] === " ") w.write("\\");
      } else {
        w.write(ch);
      }
      spaces = true;
    } else {
      w.write(ch);
      spaces = false;
    }
  }
  w.write('"');
}

function writeSingle(w: Writer, value: string, indent: number, allowBreaks: boolean): void {
  w.write("'");
  const chars = Array.from(value);
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === " ") {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== " ") {
        w.newlineIndent(indent);
      } else {
        w.write(ch);
      }
      spaces = true;
    } else {
      w.write(ch === "'" ? "''" : ch);
      spaces = false;
    }
  }
  w.write("'");
}

function writePlain(w: Writer, value: string, indent: number, allowBreaks: boolean): void {
  const chars = Array.from(value);
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === " ") {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && chars[i + 1] !== " ") {
        w.newlineIndent(indent);
      } else {
        w.write(ch);
      }
      spaces = true;
    } else {
      w.write(ch);
      spaces = false;
    }
  }
}

/** yaml_emitter_write_literal_scalar with its indentation and chomping hints. */
function writeLiteral(w: Writer, value: string, indent: number): void {
  let hints = "";
  if (value[0] === " " || isBreak(value[0])) hints += String(BEST_INDENT);
  const chars = Array.from(value);
  const last = chars[chars.length - 1];
  if (!isBreak(last)) hints += "-";
  else if (chars.length === 1 || isBreak(chars[chars.length - 2])) hints += "+";
  w.write("|" + hints + "\n");
  let breaks = true;
  let line = "";
  for (const ch of chars) {
    if (isBreak(ch)) {
      if (!breaks) {
        w.write(line);
        line = "";
      }
      w.write("\n");
      breaks = true;
    } else {
      if (breaks) {
        line = " ".repeat(indent);
        breaks = false;
      }
      line += ch;
    }
  }
  if (!breaks) w.write(line);
  // A literal that ends without a break still needs the line ended.
  if (!isBreak(last)) w.write("\n");
}

/**
 * Writes a scalar at the writer's current position. `indent` is where folded
 * or literal continuation lines start. Returns whether the scalar already
 * ended its line (literal blocks do).
 */
function writeScalarString(w: Writer, s: string, indent: number, simpleKey: boolean): boolean {
  const style = selectStyle(s, simpleKey);
  const allowBreaks = !simpleKey;
  switch (style) {
    case "plain":
      writePlain(w, s, indent, allowBreaks);
      return false;
    case "single":
      writeSingle(w, s, indent, allowBreaks);
      return false;
    case "double":
      writeDouble(w, s, indent, allowBreaks);
      return false;
    case "literal":
      writeLiteral(w, s, indent);
      return true;
  }
}

function scalarText(v: null | boolean | number): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (isGoInt(v)) return BigInt(v).toString();
  const g = formatFloatG(v);
  return g === "+Inf" ? ".inf" : g === "-Inf" ? "-.inf" : g === "NaN" ? ".nan" : g;
}

// -------------------------------------------------------------- structure

type Kind = "scalar" | "emptyMap" | "emptySeq" | "map" | "seq";

function kindOf(v: unknown): Kind {
  if (Array.isArray(v)) return v.length === 0 ? "emptySeq" : "seq";
  if (v !== null && typeof v === "object") return definedKeys(v).length === 0 ? "emptyMap" : "map";
  return "scalar";
}

function definedKeys(obj: object): string[] {
  const rec = obj as Record<string, unknown>;
  return yamlSortedKeys(obj).filter((k) => rec[k] !== undefined);
}

/** Writes a scalar value after "key: " or "- "; ends the line. */
function writeInlineScalar(w: Writer, v: unknown, indent: number): void {
  if (typeof v === "string") {
    const endedLine = writeScalarString(w, v, indent, false);
    if (!endedLine) w.write("\n");
  } else {
    w.write(scalarText(v as null | boolean | number) + "\n");
  }
}

/** A block mapping whose first key goes at the current position, the others at `indent`. */
function writeMapping(w: Writer, obj: Record<string, unknown>, indent: number, firstInline: boolean): void {
  definedKeys(obj).forEach((key, i) => {
    if (i > 0 || !firstInline) w.write(" ".repeat(indent));
    writeScalarString(w, key, indent, true);
    w.write(":");
    writeValueAfterIndicator(w, obj[key], indent, "map");
  });
}

/** A block sequence whose first "- " goes at the current position, the others at `indent`. */
function writeSequence(w: Writer, items: unknown[], indent: number, firstInline: boolean): void {
  items.forEach((item, i) => {
    if (i > 0 || !firstInline) w.write(" ".repeat(indent));
    w.write("-");
    writeValueAfterIndicator(w, item, indent, "seq");
  });
}

/**
 * The value after "key:" (parent "map", mapping at `indent`) or after "-"
 * (parent "seq", sequence at `indent`).
 */
function writeValueAfterIndicator(w: Writer, v: unknown, indent: number, parent: "map" | "seq"): void {
  const childIndent = indent + BEST_INDENT;
  switch (kindOf(v)) {
    case "scalar":
      w.write(" ");
      writeInlineScalar(w, v, childIndent);
      return;
    case "emptyMap":
      w.write(" {}\n");
      return;
    case "emptySeq":
      w.write(" []\n");
      return;
    case "map":
      if (parent === "map") {
        w.write("\n");
        writeMapping(w, v as Record<string, unknown>, childIndent, false);
      } else {
        w.write(" ");
        writeMapping(w, v as Record<string, unknown>, childIndent, true);
      }
      return;
    case "seq":
      if (parent === "map") {
        // go-yaml writes a sequence that is a mapping value without indenting it.
        w.write("\n");
        writeSequence(w, v as unknown[], indent, false);
      } else {
        w.write(" ");
        writeSequence(w, v as unknown[], childIndent, true);
      }
      return;
  }
}

function emitTop(v: unknown, out: string[]): void {
  const w = new Writer(out);
  switch (kindOf(v)) {
    case "scalar":
      writeInlineScalar(w, v, 0);
      return;
    case "emptyMap":
      w.write("{}\n");
      return;
    case "emptySeq":
      w.write("[]\n");
      return;
    case "map":
      writeMapping(w, v as Record<string, unknown>, 0, false);
      return;
    case "seq":
      writeSequence(w, v as unknown[], 0, false);
      return;
  }
}
