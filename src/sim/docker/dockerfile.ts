/**
 * Dockerfile parsing for the Docker engine model: dockerfile-ast splits the
 * text into instructions, and this module turns them into stages the builder
 * understands, failing the way BuildKit's frontend does (`dockerfile parse
 * error on line 3: unknown instruction: RUNN (did you mean RUN?)`).
 */
import { createRequire } from "node:module";

// dockerfile-ast (with the language-server types it brings) is ~0.2 MB of JavaScript: loaded
// with `require` on the first parse, as decode.ts loads kubernetes-models, so that a process
// that builds nothing does not compile it. Synchronous, as the rest of a build is.
const require = createRequire(import.meta.url);
type Parser = typeof import("dockerfile-ast").DockerfileParser;
let parser: Parser | undefined;
function dockerfileParser(): Parser {
  parser ??= (require("dockerfile-ast") as typeof import("dockerfile-ast")).DockerfileParser;
  return parser;
}

/** Every instruction BuildKit's dockerfile frontend knows (instructions/parse.go). */
export const KNOWN_INSTRUCTIONS = [
  "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
  "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
] as const;
export type InstructionName = (typeof KNOWN_INSTRUCTIONS)[number];

export interface Instruction {
  name: InstructionName;
  /** The keyword as written ("run" stays "run"), for messages. */
  keyword: string;
  /** Everything after the keyword and its flags, continuation lines joined as BuildKit joins them. */
  args: string;
  /** `--from=build`, `--chown=1000` ... */
  flags: Record<string, string>;
  /** The JSON array of the exec form, when the arguments parse as one. */
  json?: string[];
  /** 1-based first and last line, as BuildKit numbers them. */
  startLine: number;
  endLine: number;
}

export interface Stage {
  /** `AS name`, lower-cased as BuildKit stores it; "" when unnamed. */
  name: string;
  /** The image as written, before ARG expansion. */
  baseName: string;
  from: Instruction;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  /** ARGs declared before the first FROM (usable in FROM lines only). */
  metaArgs: Instruction[];
  stages: Stage[];
}

/** A failure that BuildKit reports with a position in the Dockerfile. */
export interface DockerfileError {
  message: string;
  startLine: number;
  endLine: number;
}

export type ParseResult = { ok: true; dockerfile: ParsedDockerfile } | { ok: false; error: DockerfileError };

const parseError = (line: number, message: string, endLine = line): ParseResult => ({
  ok: false,
  error: { message: `dockerfile parse error on line ${line}: ${message}`, startLine: line, endLine },
});

export function parseDockerfile(text: string): ParseResult {
  if (text.length === 0) return { ok: false, error: { message: "the Dockerfile cannot be empty", startLine: 0, endLine: 0 } };
  const ast = dockerfileParser().parse(text);
  const metaArgs: Instruction[] = [];
  const stages: Stage[] = [];
  for (const node of ast.getInstructions()) {
    const keyword = node.getKeyword();
    const startLine = node.getRange().start.line + 1;
    const endLine = node.getRange().end.line + 1;
    const name = keyword.toUpperCase() as InstructionName;
    if (!(KNOWN_INSTRUCTIONS as readonly string[]).includes(name)) {
      const suggestion = suggestInstruction(keyword);
      return parseError(startLine, `unknown instruction: ${keyword}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`);
    }
    const flags: Record<string, string> = {};
    const withFlags = node as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] };
    for (const flag of withFlags.getFlags?.() ?? []) flags[flag.getName()] = flag.getValue() ?? "";
    const args = argumentsAfterFlags(node.getArgumentsContent() ?? "", Object.keys(flags).length);
    const instruction: Instruction = { name, keyword, args, flags, startLine, endLine };
    const json = execForm(args);
    if (json) instruction.json = json;
    if (name === "FROM") {
      const words = args.split(/\s+/).filter(Boolean);
      if (words.length === 0) return parseError(startLine, "FROM requires either one or three arguments");
      if (words.length !== 1 && !(words.length === 3 && words[1]!.toUpperCase() === "AS")) return parseError(startLine, "FROM requires either one or three arguments");
      stages.push({ name: (words[2] ?? "").toLowerCase(), baseName: words[0]!, from: instruction, instructions: [] });
    } else if (stages.length === 0) {
      if (name !== "ARG") return parseError(startLine, "no build stage in current context");
      metaArgs.push(instruction);
    } else {
      stages[stages.length - 1]!.instructions.push(instruction);
    }
  }
  if (stages.length === 0) return { ok: false, error: { message: "dockerfile contains no stages to build", startLine: 0, endLine: 0 } };
  return { ok: true, dockerfile: { metaArgs, stages } };
}

/** dockerfile-ast keeps flags in the arguments content; drop the leading `--x=y` words it already parsed. */
function argumentsAfterFlags(content: string, flagCount: number): string {
  let rest = content.trimStart();
  for (let i = 0; i < flagCount; i++) rest = rest.replace(/^--\S*\s*/, "");
  return rest.trim();
}

/** BuildKit takes the exec form only when the text is a JSON array of strings; anything else is shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith("[")) return undefined;
  try {
    const value: unknown = JSON.parse(args);
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * BuildKit's util/suggest: the closest known name by Levenshtein distance,
 * case-insensitively, kept only when it is close enough to be a typo.
 */
export function suggestInstruction(word: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of KNOWN_INSTRUCTIONS) {
    const d = levenshtein(word.toUpperCase(), candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(1, Math.min(2, Math.floor(word.length / 2))) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/**
 * The source excerpt BuildKit prints above an error (solver/errdefs/source.go,
 * Source.Print): the failing lines marked `>>>`, padded with up to four lines
 * of context for a one-line range and two otherwise.
 */
export function printSourceExcerpt(filename: string, text: string, startLine: number, endLine: number): string {
  const lines = text.split("\n");
  if (startLine < 1 || startLine > lines.length) return "";
  let start = startLine;
  let end = Math.min(endLine, lines.length);
  const pad = end === start ? 4 : 2;
  for (let p = 0; p < pad; p++) {
    if (start > 1) {
      start--;
      p++;
    }
    if (end !== lines.length) {
      end++;
      p++;
    }
  }
  let out = `${filename}:${startLine}\n--------------------\n`;
  for (let i = start; i <= end; i++) {
    const marker = i >= startLine && i <= endLine ? ">>>" : "   ";
    out += ` ${String(i).padStart(3)} | ${marker} ${lines[i - 1]}\n`;
  }
  return `${out}--------------------\n`;
}
