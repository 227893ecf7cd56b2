/**
 * A small evaluator of Go's text/template, for `docker ... --format`: the
 * subset the docker docs use (https://docs.docker.com/go/formatting/):
 * `{{.Field.Sub}}`, variables, pipelines, parentheses, `if`/`else if`/`with`/
 * `range` (with `$i, $v :=`), `{{- -}}` trimming, comments, Go's builtins
 * (len, index, print, printf, println, eq, ne, lt, le, gt, ge, and, or, not,
 * slice) and docker's own (json, join, split, upper, lower, title, pad,
 * truncate; docker/cli templates/templates.go). Values are plain JSON data;
 * a typed nil (a nil slice prints `[]`, a nil map `map[]`) is a GoNil.
 * Error texts are text/template's (`template: :1: unclosed action`,
 * `template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"`).
 */
import { formatGoNumber } from "../kubectl/printers/gofmt.js";

/** A typed nil from a Go struct: prints as its kind does, marshals to null. */
export class GoNil {
  constructor(readonly kind: "slice" | "map" | "pointer") {}
}

export type TemplateResult = { ok: true; output: string } | { ok: false; error: string };

type Value = unknown;

// ---------------------------------------------------------------- lexing and parsing

type Arg =
  | { t: "field"; pos: number; names: string[]; base?: Arg }
  | { t: "dot"; pos: number }
  | { t: "var"; pos: number; name: string; names: string[] }
  | { t: "ident"; pos: number; name: string }
  | { t: "string"; pos: number; value: string }
  | { t: "number"; pos: number; value: number }
  | { t: "bool"; pos: number; value: boolean }
  | { t: "nil"; pos: number }
  | { t: "pipe"; pos: number; pipe: Pipeline; names: string[] };

interface Command {
  pos: number;
  args: Arg[];
}

interface Pipeline {
  pos: number;
  decl: string[];
  cmds: Command[];
}

type Node =
  | { t: "text"; text: string }
  | { t: "action"; pos: number; pipe: Pipeline }
  | { t: "if" | "with"; pos: number; pipe: Pipeline; list: Node[]; elseList: Node[] }
  | { t: "range"; pos: number; pipe: Pipeline; list: Node[]; elseList: Node[] };

class ParseError extends Error {}
class ExecError extends Error {}

interface Action {
  /** Offset of the first character inside the delimiters. */
  pos: number;
  body: string;
}

/** Splits the text into literal text and actions, applying `{{-` / `-}}` trimming. */
function split(src: string): (string | Action)[] {
  const out: (string | Action)[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let text = open === -1 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, "");
    if (open === -1) {
      if (text) out.push(text);
      break;
    }
    let start = open + 2;
    if (/^-[ \t\r\n]/.test(src.slice(start, start + 2))) {
      text = text.replace(/[ \t\r\n]+$/, "");
      start += 1;
    }
    if (text) out.push(text);
    const close = findClose(src, start);
    if (close === -1) throw new ParseError(`template: :${lineOf(src, open)}: unclosed action`);
    let end = close;
    trimNext = false;
    if (/[ \t\r\n]-$/.test(src.slice(close - 2, close))) {
      end = close - 1;
      trimNext = true;
    }
    out.push({ pos: start, body: src.slice(start, end) });
    i = close + 2;
  }
  return out;
}

/** The `}}` closing an action, skipping quoted strings. */
function findClose(src: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '"') {
      for (i++; i < src.length && src[i] !== '"'; i++) if (src[i] === "\\") i++;
    } else if (c === "`") {
      i = src.indexOf("`", i + 1);
      if (i === -1) return -1;
    } else if (src.startsWith("}}", i)) return i;
    else if (src.startsWith("/*", i)) {
      const endComment = src.indexOf("*/", i + 2);
      if (endComment === -1) return -1;
      i = endComment + 1;
    }
  }
  return -1;
}

function lineOf(src: string, pos: number): number {
  return src.slice(0, pos).split("\n").length;
}

type Token = { k: "word" | "string" | "raw" | "char" | "number" | "lparen" | "rparen" | "pipe" | "assign" | "comma"; v: string; pos: number };

function tokenize(body: string, base: number, src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    const pos = base + i;
    if (/\s/.test(c)) i++;
    else if (c === "(") tokens.push({ k: "lparen", v: c, pos }), i++;
    else if (c === ")") tokens.push({ k: "rparen", v: c, pos }), i++;
    else if (c === "|") tokens.push({ k: "pipe", v: c, pos }), i++;
    else if (c === ",") tokens.push({ k: "comma", v: c, pos }), i++;
    else if (body.startsWith(":=", i) || c === "=") {
      tokens.push({ k: "assign", v: c === "=" ? "=" : ":=", pos });
      i += c === "=" ? 1 : 2;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < body.length && body[j] !== '"'; j++) if (body[j] === "\\") j++;
      if (j >= body.length) throw new ParseError(`template: :${lineOf(src, pos)}: unterminated quoted string`);
      tokens.push({ k: "string", v: JSON.parse(body.slice(i, j + 1).replace(/\\'/g, "'")) as string, pos });
      i = j + 1;
    } else if (c === "`") {
      const j = body.indexOf("`", i + 1);
      if (j === -1) throw new ParseError(`template: :${lineOf(src, pos)}: unterminated raw quoted string`);
      tokens.push({ k: "raw", v: body.slice(i + 1, j), pos });
      i = j + 1;
    } else if (/[-+0-9]/.test(c) && /^[-+]?\d/.test(body.slice(i))) {
      const m = body.slice(i).match(/^[-+]?(0x[0-9a-fA-F]+|\d+(\.\d+)?([eE][-+]?\d+)?)/)!;
      tokens.push({ k: "number", v: m[0], pos });
      i += m[0].length;
    } else {
      const m = body.slice(i).match(/^[^\s()|,=]+/);
      if (!m) throw new ParseError(`template: :${lineOf(src, pos)}: unexpected "${c}" in command`);
      tokens.push({ k: "word", v: m[0], pos });
      i += m[0].length;
    }
  }
  return tokens;
}

const FUNCTIONS = new Set(["and", "or", "not", "len", "index", "slice", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge", "json", "join", "split", "upper", "lower", "title", "pad", "truncate", "urlquery", "html", "js", "call"]);
/** kubectl's GoTemplatePrinter: text/template's builtins plus exists and base64decode (kubectl/pkg/printers/template.go). */
const KUBECTL_FUNCTIONS = new Set(["and", "or", "not", "len", "index", "slice", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge", "urlquery", "html", "js", "call", "exists", "base64decode"]);
/** The function set of the template being parsed (parse is synchronous; executeTemplate sets it). */
let parsingFunctions = FUNCTIONS;

export interface TemplateOptions {
  /** docker/cli's templates (missingkey=error, its funcs) or kubectl's (missingkey=default: `<no value>`, exists, base64decode). */
  dialect?: "docker" | "kubectl";
}

function parsePipeline(tokens: Token[], src: string, pos: number, context: string): Pipeline {
  let k = 0;
  const decl: string[] = [];
  // `$v :=` or `$i, $v :=` declarations.
  const lookahead = tokens.findIndex((t) => t.k === "assign");
  if (lookahead !== -1 && tokens.slice(0, lookahead).every((t) => (t.k === "word" && t.v.startsWith("$")) || t.k === "comma")) {
    for (const t of tokens.slice(0, lookahead)) if (t.k === "word") decl.push(t.v);
    k = lookahead + 1;
  }
  const cmds: Command[] = [];
  let current: Arg[] = [];
  let cmdPos = tokens[k]?.pos ?? pos;
  const line = () => lineOf(src, pos);
  const parseArg = (): Arg => {
    const t = tokens[k++]!;
    if (t.k === "lparen") {
      const startParen = k;
      let depth = 1;
      for (; k < tokens.length && depth > 0; k++) {
        if (tokens[k]!.k === "lparen") depth++;
        else if (tokens[k]!.k === "rparen") depth--;
      }
      if (depth !== 0) throw new ParseError(`template: :${line()}: unclosed left paren`);
      const inner = parsePipeline(tokens.slice(startParen, k - 1), src, t.pos, "parenthesized pipeline");
      // `(.A).B`: a field chain right after the parenthesis.
      const next = tokens[k];
      let names: string[] = [];
      if (next && next.k === "word" && next.v.startsWith(".") && next.pos === tokens[k - 1]!.pos + 1) {
        names = next.v.slice(1).split(".");
        k++;
      }
      return { t: "pipe", pos: t.pos, pipe: inner, names };
    }
    if (t.k === "string" || t.k === "raw") return { t: "string", pos: t.pos, value: t.v };
    if (t.k === "number") return { t: "number", pos: t.pos, value: Number(t.v) };
    if (t.k !== "word") throw new ParseError(`template: :${line()}: unexpected "${t.v}" in ${context}`);
    const w = t.v;
    if (w === ".") return { t: "dot", pos: t.pos };
    // A chain (`.Config.Cmd`, `$v.Name`) takes the position of its second element (parse.go operand: newChain(peek().pos)).
    const chainPos = (first: string, more: number) => (more > 0 ? t.pos + first.length : t.pos);
    if (w.startsWith(".")) {
      const names = w.slice(1).split(".");
      return { t: "field", pos: chainPos(`.${names[0]}`, names.length - 1), names };
    }
    if (w.startsWith("$")) {
      const [name, ...names] = w.split(".");
      return { t: "var", pos: chainPos(name!, names.length), name: name!, names };
    }
    if (w === "true" || w === "false") return { t: "bool", pos: t.pos, value: w === "true" };
    if (w === "nil") return { t: "nil", pos: t.pos };
    if (!parsingFunctions.has(w)) throw new ParseError(`template: :${line()}: function "${w}" not defined`);
    return { t: "ident", pos: t.pos, name: w };
  };
  while (k < tokens.length) {
    const t = tokens[k]!;
    if (t.k === "pipe") {
      if (current.length === 0) throw new ParseError(`template: :${line()}: missing command`);
      cmds.push({ pos: cmdPos, args: current });
      current = [];
      k++;
      cmdPos = tokens[k]?.pos ?? pos;
      continue;
    }
    if (t.k === "rparen") throw new ParseError(`template: :${line()}: unexpected ")" in ${context}`);
    current.push(parseArg());
  }
  if (current.length === 0) throw new ParseError(`template: :${line()}: missing value for ${context}`);
  cmds.push({ pos: cmdPos, args: current });
  return { pos, decl, cmds };
}

function parse(src: string): Node[] {
  const pieces = split(src);
  let i = 0;
  const parseList = (terminators: string[]): [Node[], string, Action | undefined] => {
    const nodes: Node[] = [];
    while (i < pieces.length) {
      const piece = pieces[i++]!;
      if (typeof piece === "string") {
        nodes.push({ t: "text", text: piece });
        continue;
      }
      const body = piece.body.trim();
      if (body.startsWith("/*")) continue;
      const keyword = body.match(/^(if|with|range|else|end)\b/)?.[1];
      if (keyword === "end" || keyword === "else") {
        if (!terminators.includes(keyword)) throw new ParseError(`template: :${lineOf(src, piece.pos)}: unexpected {{${keyword}}}`);
        return [nodes, keyword, piece];
      }
      const tokens = tokenize(piece.body, piece.pos, src);
      if (keyword === "if" || keyword === "with" || keyword === "range") {
        nodes.push(parseControl(keyword, tokens.slice(1), piece));
        continue;
      }
      if (tokens.length === 0) throw new ParseError(`template: :${lineOf(src, piece.pos)}: missing value for command`);
      nodes.push({ t: "action", pos: piece.pos, pipe: parsePipeline(tokens, src, piece.pos, "command") });
    }
    if (terminators.length > 0) throw new ParseError(`template: :${lineOf(src, src.length)}: unexpected EOF`);
    return [nodes, "", undefined];
  };
  const parseControl = (keyword: "if" | "with" | "range", tokens: Token[], at: Action): Node => {
    const pipe = parsePipeline(tokens, src, at.pos, keyword);
    const [list, ended, endAction] = parseList(["else", "end"]);
    let elseList: Node[] = [];
    if (ended === "else") {
      const rest = endAction!.body.trim().slice(4).trim();
      const chained = rest.match(/^(if|with)\b/)?.[1] as "if" | "with" | undefined;
      if (chained) {
        // `{{else if x}}` is `{{else}}{{if x}}...{{end}}` sharing the outer {{end}}.
        elseList = [parseControl(chained, tokenize(endAction!.body, endAction!.pos, src).slice(2), endAction!)];
      } else {
        const [elseNodes] = parseList(["end"]);
        elseList = elseNodes;
      }
    }
    return { t: keyword, pos: at.pos, pipe, list, elseList };
  };
  return parseList([])[0];
}

// ---------------------------------------------------------------- evaluation

interface Scope {
  dot: Value;
  vars: Map<string, Value>[];
}

function truth(v: Value): boolean {
  if (v === null || v === undefined || v instanceof GoNil) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v !== "";
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/** fmt's %v. */
export function goValueText(v: Value): string {
  if (v instanceof GoNil) return v.kind === "slice" ? "[]" : v.kind === "map" ? "map[]" : "<nil>";
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatGoNumber(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(goValueText).join(" ")}]`;
  const obj = v as Record<string, Value>;
  return `map[${Object.keys(obj).sort().map((k) => `${k}:${goValueText(obj[k])}`).join(" ")}]`;
}

/** docker's `json` function: encoding/json without HTML escaping, trailing newline trimmed. */
export function dockerJson(v: Value): string {
  return JSON.stringify(v, (_k, value: unknown) => (value instanceof GoNil ? null : value))?.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029") ?? "null";
}

function typeName(v: Value): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float64";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v) || (v instanceof GoNil && v.kind === "slice")) return "[]interface {}";
  return "interface {}";
}

/** The parse error of a template, if any (what the CLI checks before it calls the daemon). */
export function templateParseError(src: string): string | undefined {
  try {
    parse(src);
    return undefined;
  } catch (e) {
    if (e instanceof ParseError) return e.message;
    throw e;
  }
}

export function executeTemplate(src: string, data: Value, options: TemplateOptions = {}): TemplateResult {
  const kubectl = options.dialect === "kubectl";
  let nodes: Node[];
  parsingFunctions = kubectl ? KUBECTL_FUNCTIONS : FUNCTIONS;
  try {
    nodes = parse(src);
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  } finally {
    parsingFunctions = FUNCTIONS;
  }
  let out = "";
  const at = (pos: number, node: string, message: string) => {
    const before = src.slice(0, pos);
    const line = before.split("\n").length;
    const col = pos - (before.lastIndexOf("\n") + 1);
    return new ExecError(`template: :${line}:${col}: executing "" at <${node}>: ${message}`);
  };
  const fieldChain = (value: Value, names: string[], pos: number, shown: string): Value => {
    let v = value;
    for (const name of names) {
      if (name === "") continue;
      // missingkey=default on map[string]interface{}: a missing key (or a field of one) is no value.
      if (kubectl && (v === undefined || v === null || (typeof v === "object" && !Array.isArray(v) && !(v instanceof GoNil) && !Object.hasOwn(v, name)))) return undefined;
      if (v instanceof GoNil || v === null || v === undefined) throw at(pos, shown, `nil pointer evaluating interface {}.${name}`);
      if (typeof v !== "object" || Array.isArray(v)) throw at(pos, shown, `can't evaluate field ${name} in type ${typeName(v)}`);
      const obj = v as Record<string, Value>;
      if (!Object.hasOwn(obj, name)) throw at(pos, shown, `map has no entry for key "${name}"`);
      v = obj[name];
    }
    return v;
  };
  const shownArg = (a: Arg): string => {
    switch (a.t) {
      case "field":
        return `.${a.names.join(".")}`;
      case "var":
        return [a.name, ...a.names].join(".");
      case "ident":
        return a.name;
      case "dot":
        return ".";
      default:
        return "";
    }
  };
  const lookupVar = (scope: Scope, name: string, pos: number): Value => {
    for (let i = scope.vars.length - 1; i >= 0; i--) if (scope.vars[i]!.has(name)) return scope.vars[i]!.get(name);
    throw new ExecError(`template: :${lineOf(src, pos)}: undefined variable: ${name}`);
  };
  const evalArg = (a: Arg, scope: Scope, finalValue?: Value, hasFinal = false): Value => {
    switch (a.t) {
      case "dot":
        return scope.dot;
      case "field":
        return fieldChain(scope.dot, a.names, a.pos, shownArg(a));
      case "var":
        return fieldChain(lookupVar(scope, a.name, a.pos), a.names, a.pos, shownArg(a));
      case "string":
        return a.value;
      case "number":
        return a.value;
      case "bool":
        return a.value;
      case "nil":
        return null;
      case "pipe":
        return fieldChain(evalPipe(a.pipe, scope), a.names, a.pos, shownArg(a));
      case "ident":
        return callFunction(a, [], scope, finalValue, hasFinal);
    }
  };
  const callFunction = (fn: Arg & { t: "ident" }, args: Arg[], scope: Scope, finalValue: Value, hasFinal: boolean): Value => {
    const values = args.map((x) => evalArg(x, scope));
    if (hasFinal) values.push(finalValue);
    // text/template reports a call's errors at the whole command (`at <index .spec 3>`).
    const command = [fn.name, ...args.map((x) => (x.t === "number" ? String(x.value) : x.t === "string" ? JSON.stringify(x.value) : shownArg(x)))].join(" ");
    const wrong = (want: number) => at(fn.pos, command, `wrong number of args for ${fn.name}: want ${want} got ${values.length}`);
    const need = (n: number) => {
      if (values.length !== n) throw wrong(n);
    };
    switch (fn.name) {
      case "and": {
        let v: Value = true;
        for (const x of values) {
          v = x;
          if (!truth(x)) return x;
        }
        return v;
      }
      case "or": {
        let v: Value = false;
        for (const x of values) {
          v = x;
          if (truth(x)) return x;
        }
        return v;
      }
      case "not":
        need(1);
        return !truth(values[0]);
      case "len": {
        need(1);
        const v = values[0];
        if (v instanceof GoNil) return 0;
        if (typeof v === "string" || Array.isArray(v)) return v.length;
        if (v && typeof v === "object") return Object.keys(v).length;
        throw at(fn.pos, fn.name, `error calling len: len of type ${typeName(v)}`);
      }
      case "index": {
        let v = values[0];
        for (const key of values.slice(1)) {
          if (Array.isArray(v)) {
            const n = Number(key);
            if (!Number.isInteger(n) || n < 0 || n >= v.length) throw at(fn.pos, fn.name, `error calling index: index out of range: ${goValueText(key)}`);
            v = v[n];
          } else if (v instanceof GoNil) {
            v = undefined;
          } else if (v && typeof v === "object") {
            // A map[string]... is indexed by strings only (text/template's indexArg).
            if (typeof key !== "string") throw at(fn.pos, command, `error calling index: value has type ${typeof key === "number" ? "int" : typeName(key)}; should be string`);
            v = (v as Record<string, Value>)[String(key)];
          } else {
            throw at(fn.pos, fn.name, `error calling index: can't index item of type ${typeName(v)}`);
          }
        }
        return v === undefined ? "<no value>" : v;
      }
      case "base64decode": {
        need(1);
        const text = String(values[0]);
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw at(fn.pos, fn.name, `error calling base64decode: base64 decode failed: illegal base64 data at input byte ${text.search(/[^A-Za-z0-9+/=]/) === -1 ? text.length : text.search(/[^A-Za-z0-9+/=]/)}`);
        return new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
      }
      case "exists": {
        // kubectl's exists(item, indices...): whether the chain of keys is present.
        let v: Value = values[0];
        for (const key of values.slice(1)) {
          if (v === null || typeof v !== "object" || !Object.hasOwn(v as object, String(key))) return false;
          v = (v as Record<string, Value>)[String(key)];
        }
        return true;
      }
      case "slice": {
        const [v, from, to] = values as [Value, number | undefined, number | undefined];
        if (typeof v === "string" || Array.isArray(v)) return v.slice(from ?? 0, to ?? v.length);
        throw at(fn.pos, fn.name, `error calling slice: can't slice item of type ${typeName(v)}`);
      }
      case "print":
        return values.map((v, i) => (i > 0 && typeof v !== "string" && typeof values[i - 1] !== "string" ? " " : "") + goValueText(v)).join("");
      case "println":
        return `${values.map(goValueText).join(" ")}\n`;
      case "printf":
        return sprintf(String(values[0] ?? ""), values.slice(1));
      case "eq": {
        if (values.length < 2) throw at(fn.pos, fn.name, "error calling eq: missing argument for comparison");
        return values.slice(1).some((x) => x === values[0]);
      }
      case "ne":
        need(2);
        return values[0] !== values[1];
      case "lt":
      case "le":
      case "gt":
      case "ge": {
        need(2);
        const [a, b] = values as [number | string, number | string];
        if (typeof a !== typeof b) throw at(fn.pos, fn.name, `error calling ${fn.name}: incompatible types for comparison`);
        return fn.name === "lt" ? a < b : fn.name === "le" ? a <= b : fn.name === "gt" ? a > b : a >= b;
      }
      case "json":
        need(1);
        return dockerJson(values[0]);
      case "join": {
        need(2);
        const list = values[0] instanceof GoNil ? [] : (values[0] as Value[]);
        return list.map(goValueText).join(String(values[1]));
      }
      case "split":
        need(2);
        return String(values[0]).split(String(values[1]));
      case "upper":
        need(1);
        return String(values[0]).toUpperCase();
      case "lower":
        need(1);
        return String(values[0]).toLowerCase();
      case "title":
        need(1);
        return String(values[0]).replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase());
      case "pad": {
        need(3);
        const [s, left, right] = values as [string, number, number];
        return `${" ".repeat(left)}${s}${" ".repeat(right)}`;
      }
      case "truncate": {
        need(2);
        const [s, n] = values as [string, number];
        return [...s].slice(0, n).join("");
      }
      default:
        throw at(fn.pos, fn.name, `kadet: the template function ${fn.name} is not simulated yet`);
    }
  };
  const evalCommand = (cmd: Command, scope: Scope, finalValue: Value, hasFinal: boolean): Value => {
    const [first, ...rest] = cmd.args as [Arg, ...Arg[]];
    if (first.t === "ident") return callFunction(first, rest, scope, finalValue, hasFinal);
    if (rest.length > 0 || hasFinal) throw at(first.pos, shownArg(first), `can't give argument to non-function ${shownArg(first)}`);
    return evalArg(first, scope);
  };
  const evalPipe = (pipe: Pipeline, scope: Scope): Value => {
    let value: Value;
    pipe.cmds.forEach((cmd, i) => {
      value = evalCommand(cmd, scope, value, i > 0);
    });
    if (pipe.decl.length === 1) scope.vars[scope.vars.length - 1]!.set(pipe.decl[0]!, value);
    return value;
  };
  const printValue = (v: Value, pos: number): string => {
    if (kubectl) return v === undefined ? "<no value>" : goValueText(v);
    if (v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof GoNil)) {
      // A Go struct prints as {v1 v2 ...} in field order; kadet's data are JSON maps, so it would print as map[...] instead.
      throw at(pos, "", "kadet: printing a whole object is not simulated yet; use {{json .Field}}");
    }
    return goValueText(v);
  };
  const run = (list: Node[], scope: Scope) => {
    for (const node of list) {
      switch (node.t) {
        case "text":
          out += node.text;
          break;
        case "action": {
          const v = evalPipe(node.pipe, scope);
          if (node.pipe.decl.length === 0) out += printValue(v, node.pipe.cmds[0]!.pos);
          break;
        }
        case "if": {
          const inner: Scope = { dot: scope.dot, vars: [...scope.vars, new Map()] };
          run(truth(evalPipe(node.pipe, inner)) ? node.list : node.elseList, inner);
          break;
        }
        case "with": {
          const inner: Scope = { dot: scope.dot, vars: [...scope.vars, new Map()] };
          const v = evalPipe(node.pipe, inner);
          if (truth(v)) run(node.list, { dot: v, vars: inner.vars });
          else run(node.elseList, inner);
          break;
        }
        case "range": {
          const vars = new Map<string, Value>();
          const inner: Scope = { dot: scope.dot, vars: [...scope.vars, vars] };
          const decl = node.pipe.decl;
          const v = evalPipe({ ...node.pipe, decl: [] }, inner);
          const entries: [Value, Value][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : v && typeof v === "object" && !(v instanceof GoNil) ? Object.keys(v).sort().map((k) => [k, (v as Record<string, Value>)[k]]) : [];
          if (v !== null && v !== undefined && !(v instanceof GoNil) && typeof v !== "object") throw at(node.pipe.pos, "", `range can't iterate over ${goValueText(v)}`);
          if (entries.length === 0) run(node.elseList, inner);
          for (const [key, item] of entries) {
            if (decl.length === 1) vars.set(decl[0]!, item);
            if (decl.length === 2) {
              vars.set(decl[0]!, key);
              vars.set(decl[1]!, item);
            }
            run(node.list, { dot: item, vars: inner.vars });
          }
          break;
        }
      }
    }
  };
  try {
    run(nodes, { dot: data, vars: [new Map([["$", data]])] });
  } catch (e) {
    if (e instanceof ExecError || e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, output: out };
}

/** fmt.Sprintf for the verbs templates use: %s %v %d %q %%. */
function sprintf(format: string, args: Value[]): string {
  let i = 0;
  return format.replace(/%(-?\d*)([svdq%])/g, (_m, width: string, verb: string) => {
    if (verb === "%") return "%";
    const arg = args[i++];
    if (arg === undefined) return `%!${verb}(MISSING)`;
    const text = verb === "q" ? JSON.stringify(String(arg)) : goValueText(arg);
    const w = Number(width);
    if (!width || Number.isNaN(w)) return text;
    // fmt's 0 flag pads numbers with zeros after the sign.
    if (width.startsWith("0") && verb === "d" && typeof arg === "number") return (arg < 0 ? "-" : "") + text.replace(/^-/, "").padStart(w - (arg < 0 ? 1 : 0), "0");
    return w < 0 ? text.padEnd(-w) : text.padStart(w);
  });
}
