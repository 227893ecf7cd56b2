/**
 * go-yaml v2's verdict on one YAML document chunk, as sigs.k8s.io/yaml's Unmarshal reaches it:
 * decode.go's parser reads the stream start, then the first document only (its root node and
 * its document end), so an error after that document is never seen. The message is decode.go's
 * fail(): `yaml: line N: problem`, or `yaml: problem` when no line is known.
 */
import { EventType, Parser } from "./parser.js";
import { ErrorType } from "./scanner.js";

/** go-yaml's error for the chunk, or undefined when go-yaml parses its first document. */
export function goYamlSyntaxError(chunk: string): string | undefined {
  return goYamlFirstDocument(chunk).error;
}

/**
 * go-yaml's verdict on the chunk's first document and, when it parses, the
 * code-point index where that document's content ends (where the next token
 * starts): the text after it is never decoded, so it need not be parsed again.
 */
export function goYamlFirstDocument(chunk: string): { error?: string; end?: number; nameEnds?: readonly number[] } {
  const parser = new Parser(chunk);
  const next = (): EventType | undefined => parser.parse();
  // p.init(): expect(STREAM_START).
  if (next() === undefined) return { error: fail(parser) };
  const first = next();
  if (first === undefined) return { error: fail(parser) };
  if (first !== EventType.DOCUMENT_START) return {}; // STREAM_END: empty input
  // p.document(): one node (balanced events), then expect(DOCUMENT_END). decode.go's p.alias()
  // looks the name up as the event arrives, so an alias to an anchor not yet seen fails before
  // anything after it is scanned (a syntax error further on is never reached).
  const anchors = new Set<string>();
  let depth = 0;
  for (;;) {
    const event = next();
    if (event === undefined) return { error: fail(parser) };
    if (event === EventType.ALIAS && !anchors.has(parser.event_anchor)) return { error: `yaml: unknown anchor '${parser.event_anchor}' referenced` };
    if (parser.event_anchor !== "") anchors.add(parser.event_anchor);
    if (event === EventType.SEQUENCE_START || event === EventType.MAPPING_START) depth++;
    else if (event === EventType.SEQUENCE_END || event === EventType.MAPPING_END) depth--;
    if (depth === 0) break;
  }
  if (next() === undefined) return { error: fail(parser) };
  // DOCUMENT_END has been read (an implicit one leaves the next token in place): that token starts the rest.
  const end = parser.s.peek_token()?.start_mark.index;
  return end === undefined ? { nameEnds: parser.name_ends } : { end, nameEnds: parser.name_ends };
}

/** decode.go (*parser).fail: problem_mark's line (+1 for scanner errors, whose marks are 0-based), else context_mark's. */
function fail(parser: Parser): string {
  const s = parser.s;
  let line = 0;
  if (s.problem_mark.line !== 0) {
    line = s.problem_mark.line;
    if (s.error === ErrorType.SCANNER) line++;
  } else if (s.context_mark.line !== 0) {
    line = s.context_mark.line;
  }
  const where = line !== 0 ? `line ${line}: ` : "";
  const msg = s.problem.length > 0 ? s.problem : "unknown problem parsing YAML content";
  return `yaml: ${where}${msg}`;
}
