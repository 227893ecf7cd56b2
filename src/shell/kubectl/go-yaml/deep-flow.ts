/**
 * Deep flow collections without the npm `yaml` package's cost. Its parser
 * works in time quadratic in flow nesting: a 10,001-level `[[[...]]]` that
 * go-yaml (and so kubectl) accepts took 2.6-4.7 s (fuzz input #6420), more than
 * a command may take. Such a collection written as JSON (the usual shape) is
 * cut out of the document with go-yaml's own token marks and read by
 * JSON.parse, which is linear and gives the values go-yaml would (JSON is
 * YAML's flow subset: quoted strings, numbers, true, false, null).
 */
import { Scanner, TokenType } from "./scanner.js";

/** Nesting below this goes to the `yaml` package as usual (2,000 levels cost it about 0.1 s). */
export const DEEP_FLOW = 5000;

export interface DeepFlow {
  /** The document with every deep collection replaced by a placeholder scalar. */
  text: string;
  /** Placeholder → the collection's value. */
  values: Map<string, unknown>;
}

/**
 * The chunk with its deep JSON-shaped flow collections taken out, or
 * undefined when it has none (or one that is not JSON, or is a mapping key:
 * those stay with the `yaml` package). Call only on chunks go-yaml accepts.
 */
export function extractDeepFlows(chunk: string): DeepFlow | undefined {
  let opens = 0;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] === "[" || chunk[i] === "{") opens++;
  if (opens <= DEEP_FLOW) return undefined;
  const spans: { start: number; end: number }[] = [];
  const scanner = new Scanner(chunk);
  let depth = 0;
  let deepest = 0;
  let start = 0;
  for (;;) {
    const token = scanner.peek_token();
    if (token === undefined || token.typ === TokenType.STREAM_END) break;
    if (token.typ === TokenType.FLOW_SEQUENCE_START || token.typ === TokenType.FLOW_MAPPING_START) {
      if (depth === 0) start = token.start_mark.index;
      depth++;
      deepest = Math.max(deepest, depth);
    } else if (token.typ === TokenType.FLOW_SEQUENCE_END || token.typ === TokenType.FLOW_MAPPING_END) {
      depth--;
      if (depth === 0) {
        if (deepest > DEEP_FLOW) spans.push({ start, end: token.end_mark.index });
        deepest = 0;
      }
    }
    scanner.skip_token();
  }
  if (spans.length === 0) return undefined;
  const chars = Array.from(chunk);
  const values = new Map<string, unknown>();
  let text = "";
  let at = 0;
  for (const [n, span] of spans.entries()) {
    const source = chars.slice(span.start, span.end).join("");
    if (/^[ \t]*:/.test(chars.slice(span.end, span.end + 80).join(""))) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch {
      return undefined;
    }
    const placeholder = `kadet-deep-flow-${n}-${chunk.length}`;
    values.set(placeholder, value);
    text += chars.slice(at, span.start).join("") + placeholder;
    at = span.end;
  }
  text += chars.slice(at).join("");
  return { text, values };
}

/** Puts the collections back where their placeholders were parsed. */
export function restoreDeepFlows(value: unknown, values: Map<string, unknown>): unknown {
  if (typeof value === "string") return values.has(value) ? values.get(value) : value;
  if (Array.isArray(value)) return value.map((v) => restoreDeepFlows(v, values));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreDeepFlows(v, values)]));
  }
  return value;
}
