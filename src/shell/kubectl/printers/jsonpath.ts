/**
 * kubectl's JSONPath (https://kubernetes.io/docs/reference/kubectl/jsonpath/):
 * a port of k8s.io/client-go/util/jsonpath (parser.go, jsonpath.go) and of
 * the kubectl printer around it (cli-runtime printers/jsonpath.go), working on
 * decoded JSON values. Results of one expression are joined by a space; maps
 * and lists print as compact JSON; missing keys print nothing (kubectl's
 * --allow-missing-template-keys=true default). Errors are values carrying
 * upstream's wording.
 */
import { formatGoNumber, goPrint, goQuote, goSyntax, isGoInt, marshalJSON, sortedKeys } from "./gofmt.js";

// ------------------------------------------------------------------ nodes

interface SliceParam {
  value: number;
  known: boolean;
}

export type JSONPathNode =
  | { type: "list"; nodes: JSONPathNode[] }
  | { type: "text"; text: string }
  | { type: "field"; name: string }
  | { type: "array"; params: [SliceParam, SliceParam, SliceParam] }
  | { type: "filter"; left: ListNode; right: ListNode; operator: string }
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "wildcard" }
  | { type: "recursive" }
  | { type: "union"; nodes: ListNode[] }
  | { type: "identifier"; name: string };

export type ListNode = { type: "list"; nodes: JSONPathNode[] };

const newList = (): ListNode => ({ type: "list", nodes: [] });

export type ParseResult = { ok: true; root: ListNode } | { ok: false; error: string };

// ----------------------------------------------------------------- parser

const EOF = "";
const dictKeyRex = /^'([^']*)'$/;
const sliceOperatorRex = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;

class ParseError extends Error {}

const isSpace = (r: string): boolean => r === " " || r === "\t";
const isEndOfLine = (r: string): boolean => r === "\r" || r === "\n";
const isAlphaNumeric = (r: string): boolean => r === "_" || /^[\p{L}\p{Nd}]$/u.test(r);
const isDigitRune = (r: string): boolean => /^\p{Nd}$/u.test(r);
function isTerminator(r: string): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === EOF || ".,[]$@{}".includes(r);
}

/** parser.go Parser: positions are UTF-16 indexes; runes are read whole. */
class Parser {
  root: ListNode = newList();
  private input = "";
  private pos = 0;
  private start = 0;
  private width = 0;

  parse(text: string): void {
    this.input = text;
    this.root = newList();
    this.pos = 0;
    this.start = 0;
    this.parseText(this.root);
  }

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }
  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.width = r.length;
    this.pos += this.width;
    return r;
  }
  private peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }
  private backup(): void {
    this.pos -= this.width;
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith("{", this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ type: "text", text: this.consumeText() });
        this.parseLeftDelim(cur);
        return;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: "text", text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const node = newList();
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  private parseInsideAction(cur: ListNode): void {
    // Iterative where Go recurses, so long templates cannot overflow the stack.
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith("}")) return this.parseRightDelim();
      if (rest.startsWith("[?(")) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith("..")) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new ParseError("unclosed action");
      if (r === " " || r === "@" || r === "$") {
        this.consumeText();
      } else if (r === "[") {
        this.parseArray(cur);
      } else if (r === '"' || r === "'") {
        this.parseQuote(cur, r);
      } else if (r === ".") {
        this.parseField(cur);
      } else if (r === "+" || r === "-" || isDigitRune(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else {
        const cp = r.codePointAt(0)!;
        throw new ParseError(
          `unrecognized character in action: U+${cp.toString(16).toUpperCase().padStart(4, "0")} '${r}'`,
        );
      }
    }
  }

  private parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
    this.parseText(this.root);
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === "true" || value === "false") cur.nodes.push({ type: "bool", value: value === "true" });
    else cur.nodes.push({ type: "identifier", name: value });
  }

  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last && last.type === "recursive") throw new ParseError("invalid multiple recursive descent");
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: "recursive" });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const r = this.peek();
    if (r === "+" || r === "-") this.next();
    for (;;) {
      const c = this.next();
      if (c !== "." && !isDigitRune(c)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) {
      cur.nodes.push({ type: "int", value: Number(value) });
      return;
    }
    const f = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(value) ? Number(value) : NaN;
    if (!Number.isNaN(f)) {
      cur.nodes.push({ type: "float", value: f });
      return;
    }
    throw new ParseError(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === "\n") throw new ParseError("unterminated array");
      if (r === "]") break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === "*") text = ":";

    // union operator
    const strs = text.split(",");
    if (strs.length > 1) {
      const union: ListNode[] = [];
      for (const str of strs) union.push(parseAction(`[${str.replace(/^ +| +$/g, "")}]`));
      cur.nodes.push({ type: "union", nodes: union });
      return;
    }

    // dict key
    const key = dictKeyRex.exec(text);
    if (key) {
      for (const node of parseAction(`.${key[1]}`).nodes) cur.nodes.push(node);
      return;
    }

    // slice operator
    const m = sliceOperatorRex.exec(text);
    if (!m) throw new ParseError(`invalid array index ${text}`);
    const value = [m[1] ?? "", m[2] ?? "", m[3] ?? ""];
    const params: [SliceParam, SliceParam, SliceParam] = [
      { value: 0, known: false },
      { value: 0, known: false },
      { value: 0, known: false },
    ];
    for (let i = 0; i < 3; i++) {
      let v = value[i]!;
      if (v !== "") {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === "") {
          params[i]!.known = false;
        } else {
          if (!/^[+-]?\d+$/.test(v)) throw new ParseError(`array index ${v} is not a number`);
          params[i] = { known: true, value: Number(v) };
        }
      } else if (i === 1) {
        params[1] = { known: true, value: params[0].value + 1 };
      } else {
        params[i] = { known: false, value: 0 };
      }
    }
    cur.nodes.push({ type: "array", params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = "";
    for (;;) {
      const r = this.next();
      if (r === EOF || r === "\n") throw new ParseError("unterminated filter");
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== "\\" && r === pair) end = true;
      } else if (r === ")") {
        if (begin === end) break;
      }
    }
    if (this.next() !== "]") throw new ParseError("unclosed array expect ]");
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/s.exec(text);
    if (!m) {
      cur.nodes.push({ type: "filter", left: parseAction(text), right: newList(), operator: "exists" });
    } else {
      cur.nodes.push({ type: "filter", left: parseAction(m[1]!), right: parseAction(m[3]!), operator: m[2]! });
    }
  }

  private parseQuote(cur: ListNode, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === "\n") throw new ParseError("unterminated quoted string");
      if (r === end && this.input[this.pos - 2] !== "\\") break;
    }
    const value = this.consumeText();
    cur.nodes.push({ type: "text", text: unquoteExtend(value) });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance()) {
      /* scan */
    }
    const value = this.consumeText();
    if (value === "*") cur.nodes.push({ type: "wildcard" });
    else cur.nodes.push({ type: "field", name: value.replace(/\\/g, "") });
  }

  private advance(): boolean {
    const r = this.next();
    if (r === "\\") this.next();
    else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

/** parseAction: parses "{text}" and returns its one action list. */
function parseAction(text: string): ListNode {
  const p = new Parser();
  p.parse(`{${text}}`);
  return p.root.nodes[0] as ListNode;
}

/** UnquoteExtend: strconv.Unquote that also accepts single quotes. */
function unquoteExtend(s: string): string {
  const quote = s[0]!;
  const body = s.slice(1, -1);
  if (!body.includes("\\") && !body.includes(quote)) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === quote) throw new ParseError(`unquote string ${s} error invalid syntax`);
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };
    if (e !== undefined && e in simple) out += simple[e];
    else if (e === quote) out += quote;
    else if (e === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (e === "U" && /^[0-9a-fA-F]{8}$/.test(body.slice(i + 1, i + 9))) {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16));
      i += 8;
    } else if (e !== undefined && /[0-7]/.test(e) && /^[0-7]{3}$/.test(body.slice(i, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else throw new ParseError(`unquote string ${s} error invalid syntax`);
  }
  return out;
}

/** Parses a JSONPath template; the error is upstream's message ("unclosed action"). */
export function parseJSONPath(template: string): ParseResult {
  try {
    const p = new Parser();
    p.parse(template);
    return { ok: true, root: p.root };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}

// -------------------------------------------------------------- evaluator

/** A float literal from the template (Go float64 even when whole, e.g. 1.0). */
class GoFloat {
  constructor(readonly value: number) {}
}
/** An element of a string walked by * or .. (Go uint8). */
class GoByte {
  constructor(readonly value: number) {}
}
type Value = unknown;

class ExecError extends Error {}

const isMap = (v: Value): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof GoFloat) && !(v instanceof GoByte);

/** The Go type name of a decoded JSON value, for error messages. */
function goTypeName(v: Value): string {
  if (Array.isArray(v)) return "[]interface {}";
  if (v instanceof GoFloat) return "float64";
  if (v instanceof GoByte) return "uint8";
  if (isMap(v)) return "map[string]interface {}";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return isGoInt(v) ? "int64" : "float64";
  return "interface {}";
}

type BasicKind = "bool" | "int" | "float" | "string";
function basicKind(v: Value): BasicKind {
  if (typeof v === "boolean") return "bool";
  if (v instanceof GoFloat) return "float";
  if (v instanceof GoByte) return "int";
  if (typeof v === "number") return isGoInt(v) ? "int" : "float";
  if (typeof v === "string") return "string";
  throw new ExecError("invalid type for comparison");
}
const raw = (v: Value): unknown => (v instanceof GoFloat || v instanceof GoByte ? v.value : v);

/** text/template eq (forked into client-go third_party). */
function eq(a: Value, b: Value): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) throw new ExecError("incompatible types for comparison");
  return raw(a) === raw(b);
}
function lt(a: Value, b: Value): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) throw new ExecError("incompatible types for comparison");
  if (k1 === "bool") throw new ExecError("invalid type for comparison");
  return (raw(a) as number | string) < (raw(b) as number | string);
}

/** The children * and .. visit: map values, list items, a string's bytes. */
function childrenOf(v: Value): Value[] {
  if (Array.isArray(v)) return v;
  if (isMap(v)) return sortedKeys(v).map((k) => v[k]); // Go map order is random; sorted is one of its orders.
  if (typeof v === "string") return Array.from(new TextEncoder().encode(v)).map((b) => new GoByte(b));
  return [];
}

/** client-go jsonpath.JSONPath: the range/end machinery is kept as upstream has it. */
class Evaluator {
  private stack: Value[][] = [];
  private cur: Value[] = [];
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  constructor(
    private rootNodes: JSONPathNode[],
    private readonly allowMissingKeys: boolean,
  ) {}

  findResults(data: Value): Value[][] {
    this.cur = [data];
    const nodes = this.rootNodes;
    const fullResult: Value[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk(this.cur, nodes[i]!);
      // encounter an end node, break the current block
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange -= 1;
        break;
      }
      // encounter a range node, start a range loop
      if (this.beginRange > 0) {
        this.beginRange -= 1;
        this.inRange += 1;
        results.forEach((value, k) => {
          this.rootNodes = nodes.slice(i + 1);
          if (k === results.length - 1) this.inRange -= 1;
          fullResult.push(...this.findResults(value));
        });
        break;
      }
      fullResult.push(results);
    }
    return fullResult;
  }

  private walk(value: Value[], node: JSONPathNode): Value[] {
    switch (node.type) {
      case "list":
        return this.evalList(value, node);
      case "text":
        return [node.text];
      case "field":
        return this.evalField(value, node.name);
      case "array":
        return this.evalArray(value, node.params);
      case "filter":
        return this.evalFilter(value, node);
      case "int":
        return value.map(() => node.value);
      case "float":
        return value.map(() => new GoFloat(node.value));
      case "bool":
        return value.map(() => node.value);
      case "wildcard":
        return value.flatMap((v) => (v === null ? [] : childrenOf(v)));
      case "recursive":
        return this.evalRecursive(value);
      case "union":
        return node.nodes.flatMap((list) => this.evalList(value, list));
      case "identifier":
        return this.evalIdentifier(value, node.name);
    }
  }

  private evalList(value: Value[], node: ListNode): Value[] {
    let cur = value;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  private evalIdentifier(input: Value[], name: string): Value[] {
    if (name === "range") {
      this.stack.push(this.cur);
      this.beginRange += 1;
      return input;
    }
    if (name === "end") {
      if (this.endRange < this.inRange) {
        this.endRange += 1;
        return [];
      }
      const top = this.stack.pop();
      if (top === undefined) throw new ExecError("not in range, nothing to end");
      this.cur = top;
      return [];
    }
    throw new ExecError(`unrecognized identifier ${name}`);
  }

  private evalArray(input: Value[], params: [SliceParam, SliceParam, SliceParam]): Value[] {
    const result: Value[] = [];
    for (const value of input) {
      if (value === null) continue;
      if (!Array.isArray(value)) throw new ExecError(`${goTypeName(value)} is not array or slice`);
      const len = value.length;
      let start = params[0].known ? params[0].value : 0;
      if (start < 0) start += len;
      let end = params[1].known ? params[1].value : len;
      if (end < 0) end += len;
      if (end === start) continue; // requesting zero elements is allowed
      if (start >= len || start < 0) throw new ExecError(`array index out of bounds: index ${start}, length ${len}`);
      if (end > len || end < 0) throw new ExecError(`array index out of bounds: index ${end - 1}, length ${len}`);
      if (start > end) throw new ExecError(`starting index ${start} is greater than ending index ${end}`);
      if (params[2].known) {
        if (params[2].value <= 0) throw new ExecError("step must be > 0");
        for (let i = start; i < end; i += params[2].value) result.push(value[i]);
      } else {
        result.push(...value.slice(start, end));
      }
    }
    return result;
  }

  private evalField(input: Value[], name: string): Value[] {
    const results: Value[] = [];
    if (input.length === 0) return results;
    for (const value of input) {
      if (isMap(value) && Object.prototype.hasOwnProperty.call(value, name) && value[name] !== undefined) {
        results.push(value[name]);
      }
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new ExecError(`${name} is not found`);
    return results;
  }

  private evalRecursive(input: Value[]): Value[] {
    const result: Value[] = [];
    for (const value of input) {
      if (value === null) continue;
      const children = childrenOf(value);
      if (children.length !== 0) {
        result.push(value);
        result.push(...this.evalRecursive(children));
      }
    }
    return result;
  }

  private evalFilter(input: Value[], node: { left: ListNode; right: ListNode; operator: string }): Value[] {
    const results: Value[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) {
        throw new ExecError(`${value === null ? "<invalid reflect.Value>" : goPrint(value)} is not array or slice and cannot be filtered`);
      }
      for (const item of value) {
        const temp = [item];
        if (node.operator === "exists") {
          let lefts: Value[] = [];
          try {
            lefts = this.evalList(temp, node.left);
          } catch (e) {
            if (!(e instanceof ExecError)) throw e;
          }
          if (lefts.length > 0) results.push(item);
          continue;
        }
        // client-go's evalFilter: an item where either side finds nothing is skipped, not an error.
        const lefts = this.evalList(temp, node.left);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new ExecError("can only compare one element at a time");
        const rights = this.evalList(temp, node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new ExecError("can only compare one element at a time");
        const left = lefts[0];
        const right = rights[0];
        let pass: boolean;
        switch (node.operator) {
          case "<":
            pass = lt(left, right);
            break;
          case ">":
            pass = !(lt(left, right) || eq(left, right));
            break;
          case "==":
            pass = eq(left, right);
            break;
          case "!=":
            pass = !eq(left, right);
            break;
          case "<=":
            pass = lt(left, right) || eq(left, right);
            break;
          case ">=":
            pass = !lt(left, right);
            break;
          default:
            throw new ExecError(`unrecognized filter operator ${node.operator}`);
        }
        if (pass) results.push(item);
      }
    }
    return results;
  }
}

/** PrintResults: maps and lists as compact JSON, scalars as fmt.Fprint, joined by spaces. */
function printResults(results: Value[]): string {
  return results
    .map((r) => {
      if (Array.isArray(r) || isMap(r)) return marshalJSON(r);
      if (r === null || r === undefined) return "null";
      if (r instanceof GoFloat) return formatGoNumber(r.value);
      if (r instanceof GoByte) return String(r.value);
      if (typeof r === "number") return formatGoNumber(r);
      return String(r);
    })
    .join(" ");
}

/**
 * FindResults: the values each part of the template selects, as decoded
 * JSON values (custom-columns formats them itself).
 */
export function findJSONPathResults(
  root: ListNode,
  data: unknown,
  allowMissingKeys = true,
): { ok: true; results: unknown[][] } | { ok: false; error: string } {
  try {
    const groups = new Evaluator(root.nodes, allowMissingKeys).findResults(data);
    return { ok: true, results: groups.map((g) => g.map(raw)) };
  } catch (e) {
    if (e instanceof ExecError) return { ok: false, error: e.message };
    throw e;
  }
}

export type JSONPathResult = { ok: true; output: string } | { ok: false; error: string };

/**
 * Runs a parsed template on a value (JSONPath.Execute). The error is
 * upstream's bare message, e.g. "array index out of bounds: index 5, length 2".
 */
export function executeJSONPath(root: ListNode, data: unknown, allowMissingKeys = true): JSONPathResult {
  try {
    const evaluator = new Evaluator(root.nodes, allowMissingKeys);
    return { ok: true, output: evaluator.findResults(data).map(printResults).join("") };
  } catch (e) {
    if (e instanceof ExecError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * `kubectl ... -o jsonpath=TEMPLATE` on one object (a List for several):
 * what kubectl writes to stdout, or the full text it writes to stderr
 * (starting "error: ", ending with a newline) before exiting 1.
 */
export function printJSONPath(template: string, data: unknown): { stdout: string } | { error: string } {
  if (template === "") return { error: "error: template format specified but no template given\n" };
  const parsed = parseJSONPath(template);
  // printflags/jsonpath.go: fmt.Errorf("error parsing jsonpath %s, %v\n", templateValue, err)
  if (!parsed.ok) return { error: `error: error parsing jsonpath ${template}, ${parsed.error}\n` };
  const result = executeJSONPath(parsed.root, data, true);
  if (result.ok) return { stdout: result.output };
  // printers/jsonpath.go PrintObj's debugging dump, then cmdutil's "error: " prefix.
  const dump =
    `Error executing template: ${result.error}. Printing more information for debugging the template:\n` +
    `\ttemplate was:\n\t\t${template}\n` +
    `\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n`;
  return { error: `error: error executing jsonpath ${goQuote(template)}: ${dump}\n` };
}
