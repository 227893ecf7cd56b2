/**
 * go-yaml v2's scanner (goyaml.v2/scannerc.go in sigs.k8s.io/yaml v1.4.0, the fork kubectl 1.32
 * vendors), ported function for function so its errors, and the lines they carry, are exactly
 * kubectl's. Only what decides errors and token boundaries is kept: scalar values are not built
 * (the npm `yaml` package builds values once this port says the chunk is valid).
 */

export interface Mark { index: number; line: number; column: number }

export enum TokenType {
  NO, STREAM_START, STREAM_END, VERSION_DIRECTIVE, TAG_DIRECTIVE, DOCUMENT_START, DOCUMENT_END,
  BLOCK_SEQUENCE_START, BLOCK_MAPPING_START, BLOCK_END, FLOW_SEQUENCE_START, FLOW_SEQUENCE_END,
  FLOW_MAPPING_START, FLOW_MAPPING_END, BLOCK_ENTRY, FLOW_ENTRY, KEY, VALUE, ALIAS, ANCHOR, TAG, SCALAR,
}

export enum ScalarStyle { ANY, PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL, FOLDED }

export interface Token {
  typ: TokenType;
  start_mark: Mark;
  end_mark: Mark;
  /** Anchor/alias name, tag handle, or TAG directive handle. */
  value?: string;
  suffix?: string;
  prefix?: string;
  style?: ScalarStyle;
  major?: number;
  minor?: number;
}

export enum ErrorType { NO, READER, SCANNER, PARSER }

interface SimpleKey { possible: boolean; required: boolean; token_number: number; mark: Mark }

const zeroMark = (): Mark => ({ index: 0, line: 0, column: 0 });

/** yaml_parser_t's scanner half. */
export class Scanner {
  error = ErrorType.NO;
  problem = "";
  problem_mark: Mark = zeroMark();
  context = "";
  context_mark: Mark = zeroMark();

  /** The input as code points; past the end reads as NUL (is_z), as go-yaml's padded buffer does. */
  private readonly buf: string[];
  buffer_pos = 0;
  mark: Mark = zeroMark();

  stream_start_produced = false;
  stream_end_produced = false;
  flow_level = 0;
  tokens: Token[] = [];
  tokens_head = 0;
  tokens_parsed = 0;
  token_available = false;
  indent = 0;
  indents: number[] = [];
  simple_key_allowed = false;
  simple_keys: SimpleKey[] = [];
  simple_keys_by_tok = new Map<number, number>();

  constructor(input: string) {
    this.buf = Array.from(input);
    // readerc.go: yaml_parser_update_buffer rejects characters outside YAML's printable set.
    // (go-yaml decodes lazily in 512-byte chunks, so a scanner error well before such a
    // character can win there; here the reader's check runs first.)
    for (const ch of this.buf) {
      const v = ch.codePointAt(0)!;
      if (!(v === 0x09 || v === 0x0a || v === 0x0d || (v >= 0x20 && v <= 0x7e) || v === 0x85 || (v >= 0xa0 && v <= 0xd7ff) || (v >= 0xe000 && v <= 0xfffd) || (v >= 0x10000 && v <= 0x10ffff))) {
        this.error = ErrorType.READER;
        this.problem = "control characters are not allowed";
        break;
      }
    }
  }

  // --- yamlprivateh.go character classes ---
  private at(pos: number): string {
    return pos < this.buf.length ? this.buf[pos]! : "\0";
  }
  private c(offset = 0): string {
    return this.at(this.buffer_pos + offset);
  }
  private is_alpha(o = 0): boolean {
    const b = this.c(o);
    return (b >= "0" && b <= "9") || (b >= "A" && b <= "Z") || (b >= "a" && b <= "z") || b === "_" || b === "-";
  }
  private is_digit(o = 0): boolean {
    const b = this.c(o);
    return b >= "0" && b <= "9";
  }
  private is_hex(o = 0): boolean {
    const b = this.c(o);
    return (b >= "0" && b <= "9") || (b >= "A" && b <= "F") || (b >= "a" && b <= "f");
  }
  private as_hex(o: number): number {
    return parseInt(this.c(o), 16);
  }
  private is_z(o = 0): boolean {
    return this.c(o) === "\0";
  }
  private is_bom(o = 0): boolean {
    return this.c(o) === "\uFEFF";
  }
  private is_space(o = 0): boolean {
    return this.c(o) === " ";
  }
  private is_tab(o = 0): boolean {
    return this.c(o) === "\t";
  }
  private is_blank(o = 0): boolean {
    const b = this.c(o);
    return b === " " || b === "\t";
  }
  private is_break(o = 0): boolean {
    const b = this.c(o);
    return b === "\r" || b === "\n" || b === "\u0085" || b === "\u2028" || b === "\u2029";
  }
  private is_breakz(o = 0): boolean {
    return this.is_break(o) || this.is_z(o);
  }
  private is_blankz(o = 0): boolean {
    return this.is_blank(o) || this.is_breakz(o);
  }

  private skip(): void {
    this.mark = { index: this.mark.index + 1, line: this.mark.line, column: this.mark.column + 1 };
    this.buffer_pos++;
  }
  private skip_line(): void {
    if (this.c() === "\r" && this.c(1) === "\n") {
      this.mark = { index: this.mark.index + 2, line: this.mark.line + 1, column: 0 };
      this.buffer_pos += 2;
    } else if (this.is_break()) {
      this.mark = { index: this.mark.index + 1, line: this.mark.line + 1, column: 0 };
      this.buffer_pos++;
    }
  }
  /** read(): the value is not kept, so reading is skipping. */
  private read(): void {
    this.skip();
  }
  /** read_line(): returns the break as go-yaml normalises it ('\n' for CR, LF, CRLF, NEL). */
  private read_line(): string {
    const b = this.c();
    if (b === "\r" || b === "\n" || b === "\u0085") {
      this.skip_line();
      return "\n";
    }
    if (b === "\u2028" || b === "\u2029") {
      this.skip_line();
      return b;
    }
    return "";
  }

  private set_scanner_error(context: string, context_mark: Mark, problem: string): false {
    this.error = ErrorType.SCANNER;
    this.context = context;
    this.context_mark = context_mark;
    this.problem = problem;
    this.problem_mark = this.mark;
    return false;
  }
  private set_scanner_tag_error(directive: boolean, context_mark: Mark, problem: string): false {
    return this.set_scanner_error(directive ? "while parsing a %TAG directive" : "while parsing a tag", context_mark, problem);
  }

  /** apic.go yaml_insert_token. */
  private insert_token(pos: number, token: Token): void {
    if (this.tokens_head > 4096 && this.tokens_head * 2 > this.tokens.length) {
      this.tokens = this.tokens.slice(this.tokens_head);
      this.tokens_head = 0;
    }
    if (pos < 0) this.tokens.push(token);
    else this.tokens.splice(this.tokens_head + pos, 0, token);
  }

  // --- parserc.go peek_token / skip_token ---
  peek_token(): Token | undefined {
    if (this.error !== ErrorType.NO) return undefined;
    if (this.token_available || this.fetch_more_tokens()) return this.tokens[this.tokens_head];
    return undefined;
  }
  skip_token(): void {
    this.token_available = false;
    this.tokens_parsed++;
    this.stream_end_produced = this.tokens[this.tokens_head]!.typ === TokenType.STREAM_END;
    this.tokens_head++;
  }

  private fetch_more_tokens(): boolean {
    for (;;) {
      if (this.tokens_head !== this.tokens.length) {
        const head_tok_idx = this.simple_keys_by_tok.get(this.tokens_parsed);
        if (head_tok_idx === undefined) break;
        const [valid, ok] = this.simple_key_is_valid(this.simple_keys[head_tok_idx]!);
        if (!ok) return false;
        if (!valid) break;
      }
      if (!this.fetch_next_token()) return false;
    }
    this.token_available = true;
    return true;
  }

  private fetch_next_token(): boolean {
    if (!this.stream_start_produced) return this.fetch_stream_start();
    if (!this.scan_to_next_token()) return false;
    if (!this.unroll_indent(this.mark.column)) return false;
    if (this.is_z()) return this.fetch_stream_end();
    const b = this.c();
    if (this.mark.column === 0 && b === "%") return this.fetch_directive();
    if (this.mark.column === 0 && b === "-" && this.c(1) === "-" && this.c(2) === "-" && this.is_blankz(3)) return this.fetch_document_indicator(TokenType.DOCUMENT_START);
    if (this.mark.column === 0 && b === "." && this.c(1) === "." && this.c(2) === "." && this.is_blankz(3)) return this.fetch_document_indicator(TokenType.DOCUMENT_END);
    if (b === "[") return this.fetch_flow_collection_start(TokenType.FLOW_SEQUENCE_START);
    if (b === "{") return this.fetch_flow_collection_start(TokenType.FLOW_MAPPING_START);
    if (b === "]") return this.fetch_flow_collection_end(TokenType.FLOW_SEQUENCE_END);
    if (b === "}") return this.fetch_flow_collection_end(TokenType.FLOW_MAPPING_END);
    if (b === ",") return this.fetch_flow_entry();
    if (b === "-" && this.is_blankz(1)) return this.fetch_block_entry();
    if (b === "?" && (this.flow_level > 0 || this.is_blankz(1))) return this.fetch_key();
    if (b === ":" && (this.flow_level > 0 || this.is_blankz(1))) return this.fetch_value();
    if (b === "*") return this.fetch_anchor(TokenType.ALIAS);
    if (b === "&") return this.fetch_anchor(TokenType.ANCHOR);
    if (b === "!") return this.fetch_tag();
    if (b === "|" && this.flow_level === 0) return this.fetch_block_scalar(true);
    if (b === ">" && this.flow_level === 0) return this.fetch_block_scalar(false);
    if (b === "'") return this.fetch_flow_scalar(true);
    if (b === '"') return this.fetch_flow_scalar(false);
    if (
      !(this.is_blankz() || "-?:,[]{}#&*!|>'\"%@`".includes(b)) ||
      (b === "-" && !this.is_blank(1)) ||
      (this.flow_level === 0 && (b === "?" || b === ":") && !this.is_blankz(1))
    ) {
      return this.fetch_plain_scalar();
    }
    return this.set_scanner_error("while scanning for the next token", this.mark, "found character that cannot start any token");
  }

  private simple_key_is_valid(simple_key: SimpleKey): [valid: boolean, ok: boolean] {
    if (!simple_key.possible) return [false, true];
    if (simple_key.mark.line < this.mark.line || simple_key.mark.index + 1024 < this.mark.index) {
      if (simple_key.required) return [false, this.set_scanner_error("while scanning a simple key", simple_key.mark, "could not find expected ':'")];
      simple_key.possible = false;
      return [false, true];
    }
    return [true, true];
  }

  private save_simple_key(): boolean {
    const required = this.flow_level === 0 && this.indent === this.mark.column;
    if (this.simple_key_allowed) {
      const simple_key: SimpleKey = { possible: true, required, token_number: this.tokens_parsed + (this.tokens.length - this.tokens_head), mark: this.mark };
      if (!this.remove_simple_key()) return false;
      this.simple_keys[this.simple_keys.length - 1] = simple_key;
      this.simple_keys_by_tok.set(simple_key.token_number, this.simple_keys.length - 1);
    }
    return true;
  }

  private remove_simple_key(): boolean {
    const i = this.simple_keys.length - 1;
    const key = this.simple_keys[i]!;
    if (key.possible) {
      if (key.required) return this.set_scanner_error("while scanning a simple key", key.mark, "could not find expected ':'");
      key.possible = false;
      this.simple_keys_by_tok.delete(key.token_number);
    }
    return true;
  }

  private increase_flow_level(): boolean {
    this.simple_keys.push({ possible: false, required: false, token_number: this.tokens_parsed + (this.tokens.length - this.tokens_head), mark: this.mark });
    this.flow_level++;
    if (this.flow_level > MAX_FLOW_LEVEL) {
      return this.set_scanner_error("while increasing flow level", this.simple_keys[this.simple_keys.length - 1]!.mark, `exceeded max depth of ${MAX_FLOW_LEVEL}`);
    }
    return true;
  }

  private decrease_flow_level(): boolean {
    if (this.flow_level > 0) {
      this.flow_level--;
      const last = this.simple_keys.pop()!;
      this.simple_keys_by_tok.delete(last.token_number);
    }
    return true;
  }

  private roll_indent(column: number, number: number, typ: TokenType, mark: Mark): boolean {
    if (this.flow_level > 0) return true;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > MAX_INDENTS) {
        return this.set_scanner_error("while increasing indent level", this.simple_keys[this.simple_keys.length - 1]!.mark, `exceeded max depth of ${MAX_INDENTS}`);
      }
      const token: Token = { typ, start_mark: mark, end_mark: mark };
      if (number > -1) number -= this.tokens_parsed;
      this.insert_token(number, token);
    }
    return true;
  }

  private unroll_indent(column: number): boolean {
    if (this.flow_level > 0) return true;
    while (this.indent > column) {
      this.insert_token(-1, { typ: TokenType.BLOCK_END, start_mark: this.mark, end_mark: this.mark });
      this.indent = this.indents.pop()!;
    }
    return true;
  }

  private fetch_stream_start(): boolean {
    this.indent = -1;
    this.simple_keys.push({ possible: false, required: false, token_number: 0, mark: zeroMark() });
    this.simple_keys_by_tok = new Map();
    this.simple_key_allowed = true;
    this.stream_start_produced = true;
    this.insert_token(-1, { typ: TokenType.STREAM_START, start_mark: this.mark, end_mark: this.mark });
    return true;
  }

  private fetch_stream_end(): boolean {
    if (this.mark.column !== 0) this.mark = { index: this.mark.index, line: this.mark.line + 1, column: 0 };
    if (!this.unroll_indent(-1)) return false;
    if (!this.remove_simple_key()) return false;
    this.simple_key_allowed = false;
    this.insert_token(-1, { typ: TokenType.STREAM_END, start_mark: this.mark, end_mark: this.mark });
    return true;
  }

  private fetch_directive(): boolean {
    if (!this.unroll_indent(-1)) return false;
    if (!this.remove_simple_key()) return false;
    this.simple_key_allowed = false;
    const token = this.scan_directive();
    if (token === undefined) return false;
    this.insert_token(-1, token);
    return true;
  }

  private fetch_document_indicator(typ: TokenType): boolean {
    if (!this.unroll_indent(-1)) return false;
    if (!this.remove_simple_key()) return false;
    this.simple_key_allowed = false;
    const start_mark = this.mark;
    this.skip();
    this.skip();
    this.skip();
    this.insert_token(-1, { typ, start_mark, end_mark: this.mark });
    return true;
  }

  private fetch_flow_collection_start(typ: TokenType): boolean {
    if (!this.save_simple_key()) return false;
    if (!this.increase_flow_level()) return false;
    this.simple_key_allowed = true;
    const start_mark = this.mark;
    this.skip();
    this.insert_token(-1, { typ, start_mark, end_mark: this.mark });
    return true;
  }

  private fetch_flow_collection_end(typ: TokenType): boolean {
    if (!this.remove_simple_key()) return false;
    if (!this.decrease_flow_level()) return false;
    this.simple_key_allowed = false;
    const start_mark = this.mark;
    this.skip();
    this.insert_token(-1, { typ, start_mark, end_mark: this.mark });
    return true;
  }

  private fetch_flow_entry(): boolean {
    if (!this.remove_simple_key()) return false;
    this.simple_key_allowed = true;
    const start_mark = this.mark;
    this.skip();
    this.insert_token(-1, { typ: TokenType.FLOW_ENTRY, start_mark, end_mark: this.mark });
    return true;
  }

  private fetch_block_entry(): boolean {
    if (this.flow_level === 0) {
      if (!this.simple_key_allowed) return this.set_scanner_error("", this.mark, "block sequence entries are not allowed in this context");
      if (!this.roll_indent(this.mark.column, -1, TokenType.BLOCK_SEQUENCE_START, this.mark)) return false;
    }
    if (!this.remove_simple_key()) return false;
    this.simple_key_allowed = true;
    const start_mark = this.mark;
    this.skip();
    this.insert_token(-1, { typ: TokenType.BLOCK_ENTRY, start_mark, end_mark: this.mark });
    return true;
  }

  private fetch_key(): boolean {
    if (this.flow_level === 0) {
      if (!this.simple_key_allowed) return this.set_scanner_error("", this.mark, "mapping keys are not allowed in this context");
      if (!this.roll_indent(this.mark.column, -1, TokenType.BLOCK_MAPPING_START, this.mark)) return false;
    }
    if (!this.remove_simple_key()) return false;
    this.simple_key_allowed = this.flow_level === 0;
    const start_mark = this.mark;
    this.skip();
    this.insert_token(-1, { typ: TokenType.KEY, start_mark, end_mark: this.mark });
    return true;
  }

  private fetch_value(): boolean {
    const simple_key = this.simple_keys[this.simple_keys.length - 1]!;
    const [valid, ok] = this.simple_key_is_valid(simple_key);
    if (!ok) return false;
    if (valid) {
      this.insert_token(simple_key.token_number - this.tokens_parsed, { typ: TokenType.KEY, start_mark: simple_key.mark, end_mark: simple_key.mark });
      if (!this.roll_indent(simple_key.mark.column, simple_key.token_number, TokenType.BLOCK_MAPPING_START, simple_key.mark)) return false;
      simple_key.possible = false;
      this.simple_keys_by_tok.delete(simple_key.token_number);
      this.simple_key_allowed = false;
    } else {
      if (this.flow_level === 0) {
        if (!this.simple_key_allowed) return this.set_scanner_error("", this.mark, "mapping values are not allowed in this context");
        if (!this.roll_indent(this.mark.column, -1, TokenType.BLOCK_MAPPING_START, this.mark)) return false;
      }
      this.simple_key_allowed = this.flow_level === 0;
    }
    const start_mark = this.mark;
    this.skip();
    this.insert_token(-1, { typ: TokenType.VALUE, start_mark, end_mark: this.mark });
    return true;
  }

  private fetch_anchor(typ: TokenType): boolean {
    if (!this.save_simple_key()) return false;
    this.simple_key_allowed = false;
    const token = this.scan_anchor(typ);
    if (token === undefined) return false;
    this.insert_token(-1, token);
    return true;
  }

  private fetch_tag(): boolean {
    if (!this.save_simple_key()) return false;
    this.simple_key_allowed = false;
    const token = this.scan_tag();
    if (token === undefined) return false;
    this.insert_token(-1, token);
    return true;
  }

  private fetch_block_scalar(literal: boolean): boolean {
    if (!this.remove_simple_key()) return false;
    this.simple_key_allowed = true;
    const token = this.scan_block_scalar(literal);
    if (token === undefined) return false;
    this.insert_token(-1, token);
    return true;
  }

  private fetch_flow_scalar(single: boolean): boolean {
    if (!this.save_simple_key()) return false;
    this.simple_key_allowed = false;
    const token = this.scan_flow_scalar(single);
    if (token === undefined) return false;
    this.insert_token(-1, token);
    return true;
  }

  private fetch_plain_scalar(): boolean {
    if (!this.save_simple_key()) return false;
    this.simple_key_allowed = false;
    const token = this.scan_plain_scalar();
    if (token === undefined) return false;
    this.insert_token(-1, token);
    return true;
  }

  private scan_to_next_token(): boolean {
    for (;;) {
      if (this.mark.column === 0 && this.is_bom()) this.skip();
      while (this.c() === " " || ((this.flow_level > 0 || !this.simple_key_allowed) && this.c() === "\t")) this.skip();
      if (this.c() === "#") while (!this.is_breakz()) this.skip();
      if (this.is_break()) {
        this.skip_line();
        if (this.flow_level === 0) this.simple_key_allowed = true;
      } else break;
    }
    return true;
  }

  private scan_directive(): Token | undefined {
    const start_mark = this.mark;
    this.skip();
    const name = this.scan_directive_name(start_mark);
    if (name === undefined) return undefined;
    let token: Token;
    if (name === "YAML") {
      const major = this.scan_version_directive_number_after_blanks(start_mark);
      if (major === undefined) return undefined;
      if (this.c() !== ".") return void this.set_scanner_error("while scanning a %YAML directive", start_mark, "did not find expected digit or '.' character");
      this.skip();
      const minor = this.scan_version_directive_number(start_mark);
      if (minor === undefined) return undefined;
      token = { typ: TokenType.VERSION_DIRECTIVE, start_mark, end_mark: this.mark, major, minor };
    } else if (name === "TAG") {
      const value = this.scan_tag_directive_value(start_mark);
      if (value === undefined) return undefined;
      token = { typ: TokenType.TAG_DIRECTIVE, start_mark, end_mark: this.mark, value: value[0], prefix: value[1] };
    } else {
      return void this.set_scanner_error("while scanning a directive", start_mark, "found unknown directive name");
    }
    while (this.is_blank()) this.skip();
    if (this.c() === "#") while (!this.is_breakz()) this.skip();
    if (!this.is_breakz()) return void this.set_scanner_error("while scanning a directive", start_mark, "did not find expected comment or line break");
    if (this.is_break()) this.skip_line();
    return token;
  }

  private scan_directive_name(start_mark: Mark): string | undefined {
    let s = "";
    while (this.is_alpha()) {
      s += this.c();
      this.read();
    }
    if (s.length === 0) return void this.set_scanner_error("while scanning a directive", start_mark, "could not find expected directive name");
    if (!this.is_blankz()) return void this.set_scanner_error("while scanning a directive", start_mark, "found unexpected non-alphabetical character");
    return s;
  }

  /** yaml_parser_scan_version_directive_value's first half (blanks, then the major number). */
  private scan_version_directive_number_after_blanks(start_mark: Mark): number | undefined {
    while (this.is_blank()) this.skip();
    return this.scan_version_directive_number(start_mark);
  }

  private scan_version_directive_number(start_mark: Mark): number | undefined {
    let value = 0;
    let length = 0;
    while (this.is_digit()) {
      length++;
      if (length > MAX_NUMBER_LENGTH) return void this.set_scanner_error("while scanning a %YAML directive", start_mark, "found extremely long version number");
      value = value * 10 + Number(this.c());
      this.skip();
    }
    if (length === 0) return void this.set_scanner_error("while scanning a %YAML directive", start_mark, "did not find expected version number");
    return value;
  }

  private scan_tag_directive_value(start_mark: Mark): [string, string] | undefined {
    while (this.is_blank()) this.skip();
    const handle = this.scan_tag_handle(true, start_mark);
    if (handle === undefined) return undefined;
    if (!this.is_blank()) return void this.set_scanner_error("while scanning a %TAG directive", start_mark, "did not find expected whitespace");
    while (this.is_blank()) this.skip();
    const prefix = this.scan_tag_uri(true, "", start_mark);
    if (prefix === undefined) return undefined;
    if (!this.is_blankz()) return void this.set_scanner_error("while scanning a %TAG directive", start_mark, "did not find expected whitespace or line break");
    return [handle, prefix];
  }

  private scan_anchor(typ: TokenType): Token | undefined {
    const start_mark = this.mark;
    this.skip();
    let s = "";
    while (this.is_alpha()) {
      s += this.c();
      this.read();
    }
    const end_mark = this.mark;
    if (s.length === 0 || !(this.is_blankz() || "?:,]}%@`".includes(this.c()))) {
      return void this.set_scanner_error(typ === TokenType.ANCHOR ? "while scanning an anchor" : "while scanning an alias", start_mark, "did not find expected alphabetic or numeric character");
    }
    return { typ, start_mark, end_mark, value: s };
  }

  private scan_tag(): Token | undefined {
    const start_mark = this.mark;
    let handle: string;
    let suffix: string;
    if (this.c(1) === "<") {
      handle = "";
      this.skip();
      this.skip();
      const uri = this.scan_tag_uri(false, "", start_mark);
      if (uri === undefined) return undefined;
      suffix = uri;
      if (this.c() !== ">") return void this.set_scanner_error("while scanning a tag", start_mark, "did not find the expected '>'");
      this.skip();
    } else {
      const h = this.scan_tag_handle(false, start_mark);
      if (h === undefined) return undefined;
      handle = h;
      if (handle[0] === "!" && handle.length > 1 && handle[handle.length - 1] === "!") {
        const uri = this.scan_tag_uri(false, "", start_mark);
        if (uri === undefined) return undefined;
        suffix = uri;
      } else {
        const uri = this.scan_tag_uri(false, handle, start_mark);
        if (uri === undefined) return undefined;
        suffix = uri;
        handle = "!";
        if (suffix.length === 0) [handle, suffix] = [suffix, handle];
      }
    }
    if (!this.is_blankz()) return void this.set_scanner_error("while scanning a tag", start_mark, "did not find expected whitespace or line break");
    return { typ: TokenType.TAG, start_mark, end_mark: this.mark, value: handle, suffix };
  }

  private scan_tag_handle(directive: boolean, start_mark: Mark): string | undefined {
    if (this.c() !== "!") return void this.set_scanner_tag_error(directive, start_mark, "did not find expected '!'");
    let s = this.c();
    this.read();
    while (this.is_alpha()) {
      s += this.c();
      this.read();
    }
    if (this.c() === "!") {
      s += this.c();
      this.read();
    } else if (directive && s !== "!") {
      return void this.set_scanner_tag_error(directive, start_mark, "did not find expected '!'");
    }
    return s;
  }

  private scan_tag_uri(directive: boolean, head: string, start_mark: Mark): string | undefined {
    let s = head.length > 1 ? head.slice(1) : "";
    let hasTag = head.length > 0;
    while (this.is_alpha() || ";/?:@&=+$,.!~*'()[]%".includes(this.c()) && this.c() !== "\0") {
      if (this.c() === "%") {
        const escaped = this.scan_uri_escapes(directive, start_mark);
        if (escaped === undefined) return undefined;
        s += escaped;
      } else {
        s += this.c();
        this.read();
      }
      hasTag = true;
    }
    if (!hasTag) return void this.set_scanner_tag_error(directive, start_mark, "did not find expected tag URI");
    return s;
  }

  private scan_uri_escapes(directive: boolean, start_mark: Mark): string | undefined {
    let w = 1024;
    let s = "";
    while (w > 0) {
      if (!(this.c() === "%" && this.is_hex(1) && this.is_hex(2))) return void this.set_scanner_tag_error(directive, start_mark, "did not find URI escaped octet");
      const octet = (this.as_hex(1) << 4) + this.as_hex(2);
      if (w === 1024) {
        w = utf8Width(octet);
        if (w === 0) return void this.set_scanner_tag_error(directive, start_mark, "found an incorrect leading UTF-8 octet");
      } else if ((octet & 0xc0) !== 0x80) {
        return void this.set_scanner_tag_error(directive, start_mark, "found an incorrect trailing UTF-8 octet");
      }
      s += String.fromCharCode(octet);
      this.skip();
      this.skip();
      this.skip();
      w--;
    }
    return s;
  }

  private scan_block_scalar(literal: boolean): Token | undefined {
    const start_mark = this.mark;
    this.skip();
    let increment = 0;
    if (this.c() === "+" || this.c() === "-") {
      this.skip();
      if (this.is_digit()) {
        if (this.c() === "0") return void this.set_scanner_error("while scanning a block scalar", start_mark, "found an indentation indicator equal to 0");
        increment = Number(this.c());
        this.skip();
      }
    } else if (this.is_digit()) {
      if (this.c() === "0") return void this.set_scanner_error("while scanning a block scalar", start_mark, "found an indentation indicator equal to 0");
      increment = Number(this.c());
      this.skip();
      if (this.c() === "+" || this.c() === "-") this.skip();
    }
    while (this.is_blank()) this.skip();
    if (this.c() === "#") while (!this.is_breakz()) this.skip();
    if (!this.is_breakz()) return void this.set_scanner_error("while scanning a block scalar", start_mark, "did not find expected comment or line break");
    if (this.is_break()) this.skip_line();
    const end = { mark: this.mark };
    const indent = { value: increment > 0 ? (this.indent >= 0 ? this.indent + increment : increment) : 0 };
    if (!this.scan_block_scalar_breaks(indent, start_mark, end)) return undefined;
    while (this.mark.column === indent.value && !this.is_z()) {
      while (!this.is_breakz()) this.read();
      this.read_line();
      if (!this.scan_block_scalar_breaks(indent, start_mark, end)) return undefined;
    }
    return { typ: TokenType.SCALAR, start_mark, end_mark: end.mark, style: literal ? ScalarStyle.LITERAL : ScalarStyle.FOLDED };
  }

  private scan_block_scalar_breaks(indent: { value: number }, start_mark: Mark, end: { mark: Mark }): boolean {
    end.mark = this.mark;
    let max_indent = 0;
    for (;;) {
      while ((indent.value === 0 || this.mark.column < indent.value) && this.is_space()) this.skip();
      if (this.mark.column > max_indent) max_indent = this.mark.column;
      if ((indent.value === 0 || this.mark.column < indent.value) && this.is_tab()) {
        return this.set_scanner_error("while scanning a block scalar", start_mark, "found a tab character where an indentation space is expected");
      }
      if (!this.is_break()) break;
      this.read_line();
      end.mark = this.mark;
    }
    if (indent.value === 0) {
      indent.value = max_indent;
      if (indent.value < this.indent + 1) indent.value = this.indent + 1;
      if (indent.value < 1) indent.value = 1;
    }
    return true;
  }

  private scan_flow_scalar(single: boolean): Token | undefined {
    const start_mark = this.mark;
    this.skip();
    for (;;) {
      if (this.mark.column === 0 && ((this.c() === "-" && this.c(1) === "-" && this.c(2) === "-") || (this.c() === "." && this.c(1) === "." && this.c(2) === ".")) && this.is_blankz(3)) {
        return void this.set_scanner_error("while scanning a quoted scalar", start_mark, "found unexpected document indicator");
      }
      if (this.is_z()) return void this.set_scanner_error("while scanning a quoted scalar", start_mark, "found unexpected end of stream");
      let leading_blanks = false;
      while (!this.is_blankz()) {
        const b = this.c();
        if (single && b === "'" && this.c(1) === "'") {
          this.skip();
          this.skip();
        } else if (single && b === "'") break;
        else if (!single && b === '"') break;
        else if (!single && b === "\\" && this.is_break(1)) {
          this.skip();
          this.skip_line();
          leading_blanks = true;
          break;
        } else if (!single && b === "\\") {
          let code_length = 0;
          const e = this.c(1);
          if (e === "x") code_length = 2;
          else if (e === "u") code_length = 4;
          else if (e === "U") code_length = 8;
          else if (!"0abt\tnvfre \"'\\N_LP".includes(e) || e === "\0") {
            return void this.set_scanner_error("while parsing a quoted scalar", start_mark, "found unknown escape character");
          }
          this.skip();
          this.skip();
          if (code_length > 0) {
            let value = 0;
            for (let k = 0; k < code_length; k++) {
              if (!this.is_hex(k)) return void this.set_scanner_error("while parsing a quoted scalar", start_mark, "did not find expected hexdecimal number");
              value = value * 16 + this.as_hex(k);
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) {
              return void this.set_scanner_error("while parsing a quoted scalar", start_mark, "found invalid Unicode character escape code");
            }
            for (let k = 0; k < code_length; k++) this.skip();
          }
        } else this.read();
      }
      if (single ? this.c() === "'" : this.c() === '"') break;
      while (this.is_blank() || this.is_break()) {
        if (this.is_blank()) this.skip();
        else if (!leading_blanks) {
          this.read_line();
          leading_blanks = true;
        } else this.read_line();
      }
    }
    this.skip();
    return { typ: TokenType.SCALAR, start_mark, end_mark: this.mark, style: single ? ScalarStyle.SINGLE_QUOTED : ScalarStyle.DOUBLE_QUOTED };
  }

  private scan_plain_scalar(): Token | undefined {
    let leading_blanks = false;
    const indent = this.indent + 1;
    const start_mark = this.mark;
    let end_mark = this.mark;
    for (;;) {
      if (this.mark.column === 0 && ((this.c() === "-" && this.c(1) === "-" && this.c(2) === "-") || (this.c() === "." && this.c(1) === "." && this.c(2) === ".")) && this.is_blankz(3)) break;
      if (this.c() === "#") break;
      while (!this.is_blankz()) {
        const b = this.c();
        if ((b === ":" && this.is_blankz(1)) || (this.flow_level > 0 && (b === "," || b === "?" || b === "[" || b === "]" || b === "{" || b === "}"))) break;
        if (leading_blanks) leading_blanks = false;
        this.read();
        end_mark = this.mark;
      }
      if (!(this.is_blank() || this.is_break())) break;
      while (this.is_blank() || this.is_break()) {
        if (this.is_blank()) {
          if (leading_blanks && this.mark.column < indent && this.is_tab()) {
            return void this.set_scanner_error("while scanning a plain scalar", start_mark, "found a tab character that violates indentation");
          }
          this.skip();
        } else {
          this.read_line();
          leading_blanks = true;
        }
      }
      if (this.flow_level === 0 && this.mark.column < indent) break;
    }
    if (leading_blanks) this.simple_key_allowed = true;
    return { typ: TokenType.SCALAR, start_mark, end_mark, style: ScalarStyle.PLAIN };
  }
}

/** scannerc.go's limits: flow nesting and block indentation levels. */
export const MAX_FLOW_LEVEL = 10_000;
export const MAX_INDENTS = 10_000;
const MAX_NUMBER_LENGTH = 2;

/** yamlprivateh.go width(): the length of a UTF-8 sequence from its leading octet, 0 if invalid. */
function utf8Width(b: number): number {
  if ((b & 0x80) === 0x00) return 1;
  if ((b & 0xe0) === 0xc0) return 2;
  if ((b & 0xf0) === 0xe0) return 3;
  if ((b & 0xf8) === 0xf0) return 4;
  return 0;
}
