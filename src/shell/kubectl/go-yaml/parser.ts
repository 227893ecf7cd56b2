/**
 * go-yaml v2's parser (goyaml.v2/parserc.go, sigs.k8s.io/yaml v1.4.0) state for state, and the
 * part of decode.go that turns its failure into `yaml: line N: problem`. Events carry only
 * their type: values come from the npm `yaml` package once this says the chunk parses.
 */
import { ErrorType, type Mark, ScalarStyle, Scanner, type Token, TokenType } from "./scanner.js";

export enum EventType { NO, STREAM_START, STREAM_END, DOCUMENT_START, DOCUMENT_END, ALIAS, SCALAR, SEQUENCE_START, SEQUENCE_END, MAPPING_START, MAPPING_END }

enum State {
  STREAM_START, IMPLICIT_DOCUMENT_START, DOCUMENT_START, DOCUMENT_CONTENT, DOCUMENT_END, BLOCK_NODE,
  BLOCK_NODE_OR_INDENTLESS_SEQUENCE, FLOW_NODE, BLOCK_SEQUENCE_FIRST_ENTRY, BLOCK_SEQUENCE_ENTRY,
  INDENTLESS_SEQUENCE_ENTRY, BLOCK_MAPPING_FIRST_KEY, BLOCK_MAPPING_KEY, BLOCK_MAPPING_VALUE,
  FLOW_SEQUENCE_FIRST_ENTRY, FLOW_SEQUENCE_ENTRY, FLOW_SEQUENCE_ENTRY_MAPPING_KEY,
  FLOW_SEQUENCE_ENTRY_MAPPING_VALUE, FLOW_SEQUENCE_ENTRY_MAPPING_END, FLOW_MAPPING_FIRST_KEY,
  FLOW_MAPPING_KEY, FLOW_MAPPING_VALUE, FLOW_MAPPING_EMPTY_VALUE, END,
}

const DEFAULT_TAG_DIRECTIVES: readonly [string, string][] = [["!", "!"], ["!!", "tag:yaml.org,2002:"]];

export class Parser {
  readonly s: Scanner;
  private state = State.STREAM_START;
  private states: State[] = [];
  private marks: Mark[] = [];
  private tag_directives: [string, string][] = [];
  /** The anchor of the last node event, or the name an ALIAS event refers to ("" when none). */
  event_anchor = "";
  /** Where each anchor and alias name ends (code-point index), in the order they were read. */
  readonly name_ends: number[] = [];

  constructor(input: string) {
    this.s = new Scanner(input);
  }

  /** yaml_parser_parse: the next event, or undefined on error (the error is on this.s). */
  parse(): EventType | undefined {
    if (this.s.stream_end_produced || this.s.error !== ErrorType.NO || this.state === State.END) return EventType.NO;
    this.event_anchor = "";
    return this.state_machine();
  }

  private set_parser_error(problem: string, problem_mark: Mark): undefined {
    this.s.error = ErrorType.PARSER;
    this.s.problem = problem;
    this.s.problem_mark = problem_mark;
    return undefined;
  }
  private set_parser_error_context(context: string, context_mark: Mark, problem: string, problem_mark: Mark): undefined {
    this.s.error = ErrorType.PARSER;
    this.s.context = context;
    this.s.context_mark = context_mark;
    this.s.problem = problem;
    this.s.problem_mark = problem_mark;
    return undefined;
  }
  private peek(): Token | undefined {
    return this.s.peek_token();
  }
  private skip(): void {
    this.s.skip_token();
  }
  private popState(): void {
    this.state = this.states.pop()!;
  }

  private state_machine(): EventType | undefined {
    switch (this.state) {
      case State.STREAM_START: return this.parse_stream_start();
      case State.IMPLICIT_DOCUMENT_START: return this.parse_document_start(true);
      case State.DOCUMENT_START: return this.parse_document_start(false);
      case State.DOCUMENT_CONTENT: return this.parse_document_content();
      case State.DOCUMENT_END: return this.parse_document_end();
      case State.BLOCK_NODE: return this.parse_node(true, false);
      case State.BLOCK_NODE_OR_INDENTLESS_SEQUENCE: return this.parse_node(true, true);
      case State.FLOW_NODE: return this.parse_node(false, false);
      case State.BLOCK_SEQUENCE_FIRST_ENTRY: return this.parse_block_sequence_entry(true);
      case State.BLOCK_SEQUENCE_ENTRY: return this.parse_block_sequence_entry(false);
      case State.INDENTLESS_SEQUENCE_ENTRY: return this.parse_indentless_sequence_entry();
      case State.BLOCK_MAPPING_FIRST_KEY: return this.parse_block_mapping_key(true);
      case State.BLOCK_MAPPING_KEY: return this.parse_block_mapping_key(false);
      case State.BLOCK_MAPPING_VALUE: return this.parse_block_mapping_value();
      case State.FLOW_SEQUENCE_FIRST_ENTRY: return this.parse_flow_sequence_entry(true);
      case State.FLOW_SEQUENCE_ENTRY: return this.parse_flow_sequence_entry(false);
      case State.FLOW_SEQUENCE_ENTRY_MAPPING_KEY: return this.parse_flow_sequence_entry_mapping_key();
      case State.FLOW_SEQUENCE_ENTRY_MAPPING_VALUE: return this.parse_flow_sequence_entry_mapping_value();
      case State.FLOW_SEQUENCE_ENTRY_MAPPING_END: return this.parse_flow_sequence_entry_mapping_end();
      case State.FLOW_MAPPING_FIRST_KEY: return this.parse_flow_mapping_key(true);
      case State.FLOW_MAPPING_KEY: return this.parse_flow_mapping_key(false);
      case State.FLOW_MAPPING_VALUE: return this.parse_flow_mapping_value(false);
      case State.FLOW_MAPPING_EMPTY_VALUE: return this.parse_flow_mapping_value(true);
      default: throw new Error("invalid parser state");
    }
  }

  private parse_stream_start(): EventType | undefined {
    const token = this.peek();
    if (token === undefined) return undefined;
    if (token.typ !== TokenType.STREAM_START) return this.set_parser_error("did not find expected <stream-start>", token.start_mark);
    this.state = State.IMPLICIT_DOCUMENT_START;
    this.skip();
    return EventType.STREAM_START;
  }

  private parse_document_start(implicit: boolean): EventType | undefined {
    let token = this.peek();
    if (token === undefined) return undefined;
    if (!implicit) {
      while (token.typ === TokenType.DOCUMENT_END) {
        this.skip();
        token = this.peek();
        if (token === undefined) return undefined;
      }
    }
    if (implicit && token.typ !== TokenType.VERSION_DIRECTIVE && token.typ !== TokenType.TAG_DIRECTIVE && token.typ !== TokenType.DOCUMENT_START && token.typ !== TokenType.STREAM_END) {
      if (!this.process_directives()) return undefined;
      this.states.push(State.DOCUMENT_END);
      this.state = State.BLOCK_NODE;
      return EventType.DOCUMENT_START;
    }
    if (token.typ !== TokenType.STREAM_END) {
      if (!this.process_directives()) return undefined;
      token = this.peek();
      if (token === undefined) return undefined;
      if (token.typ !== TokenType.DOCUMENT_START) return this.set_parser_error("did not find expected <document start>", token.start_mark);
      this.states.push(State.DOCUMENT_END);
      this.state = State.DOCUMENT_CONTENT;
      this.skip();
      return EventType.DOCUMENT_START;
    }
    this.state = State.END;
    this.skip();
    return EventType.STREAM_END;
  }

  private parse_document_content(): EventType | undefined {
    const token = this.peek();
    if (token === undefined) return undefined;
    if ([TokenType.VERSION_DIRECTIVE, TokenType.TAG_DIRECTIVE, TokenType.DOCUMENT_START, TokenType.DOCUMENT_END, TokenType.STREAM_END].includes(token.typ)) {
      this.popState();
      return EventType.SCALAR;
    }
    return this.parse_node(true, false);
  }

  private parse_document_end(): EventType | undefined {
    const token = this.peek();
    if (token === undefined) return undefined;
    if (token.typ === TokenType.DOCUMENT_END) this.skip();
    this.tag_directives = [];
    this.state = State.DOCUMENT_START;
    return EventType.DOCUMENT_END;
  }

  private parse_node(block: boolean, indentless_sequence: boolean): EventType | undefined {
    let token = this.peek();
    if (token === undefined) return undefined;
    if (token.typ === TokenType.ALIAS) {
      this.popState();
      this.event_anchor = token.value ?? "";
      this.name_ends.push(token.end_mark.index);
      this.skip();
      return EventType.ALIAS;
    }
    let start_mark = token.start_mark;
    let tag_token = false;
    let tag_handle = "";
    let tag_suffix = "";
    let anchor = "";
    let tag_mark = start_mark;
    if (token.typ === TokenType.ANCHOR) {
      anchor = token.value ?? "";
      this.name_ends.push(token.end_mark.index);
      start_mark = token.start_mark;
      this.skip();
      token = this.peek();
      if (token === undefined) return undefined;
      if (token.typ === TokenType.TAG) {
        tag_token = true;
        tag_handle = token.value ?? "";
        tag_suffix = token.suffix ?? "";
        tag_mark = token.start_mark;
        this.skip();
        token = this.peek();
        if (token === undefined) return undefined;
      }
    } else if (token.typ === TokenType.TAG) {
      tag_token = true;
      tag_handle = token.value ?? "";
      tag_suffix = token.suffix ?? "";
      start_mark = token.start_mark;
      tag_mark = token.start_mark;
      this.skip();
      token = this.peek();
      if (token === undefined) return undefined;
      if (token.typ === TokenType.ANCHOR) {
        anchor = token.value ?? "";
      this.name_ends.push(token.end_mark.index);
        this.skip();
        token = this.peek();
        if (token === undefined) return undefined;
      }
    }
    this.event_anchor = anchor;
    let tag = "";
    if (tag_token) {
      if (tag_handle.length === 0) tag = tag_suffix;
      else {
        const directive = this.tag_directives.find(([handle]) => handle === tag_handle);
        if (directive !== undefined) tag = directive[1] + tag_suffix;
        if (tag.length === 0) return this.set_parser_error_context("while parsing a node", start_mark, "found undefined tag handle", tag_mark);
      }
    }
    if (indentless_sequence && token.typ === TokenType.BLOCK_ENTRY) {
      this.state = State.INDENTLESS_SEQUENCE_ENTRY;
      return EventType.SEQUENCE_START;
    }
    if (token.typ === TokenType.SCALAR) {
      this.popState();
      this.skip();
      void ScalarStyle;
      return EventType.SCALAR;
    }
    if (token.typ === TokenType.FLOW_SEQUENCE_START) {
      this.state = State.FLOW_SEQUENCE_FIRST_ENTRY;
      return EventType.SEQUENCE_START;
    }
    if (token.typ === TokenType.FLOW_MAPPING_START) {
      this.state = State.FLOW_MAPPING_FIRST_KEY;
      return EventType.MAPPING_START;
    }
    if (block && token.typ === TokenType.BLOCK_SEQUENCE_START) {
      this.state = State.BLOCK_SEQUENCE_FIRST_ENTRY;
      return EventType.SEQUENCE_START;
    }
    if (block && token.typ === TokenType.BLOCK_MAPPING_START) {
      this.state = State.BLOCK_MAPPING_FIRST_KEY;
      return EventType.MAPPING_START;
    }
    if (anchor.length > 0 || tag.length > 0) {
      this.popState();
      return EventType.SCALAR;
    }
    return this.set_parser_error_context(block ? "while parsing a block node" : "while parsing a flow node", start_mark, "did not find expected node content", token.start_mark);
  }

  private parse_block_sequence_entry(first: boolean): EventType | undefined {
    if (first) {
      const token = this.peek()!;
      this.marks.push(token.start_mark);
      this.skip();
    }
    let token = this.peek();
    if (token === undefined) return undefined;
    if (token.typ === TokenType.BLOCK_ENTRY) {
      this.skip();
      token = this.peek();
      if (token === undefined) return undefined;
      if (token.typ !== TokenType.BLOCK_ENTRY && token.typ !== TokenType.BLOCK_END) {
        this.states.push(State.BLOCK_SEQUENCE_ENTRY);
        return this.parse_node(true, false);
      }
      this.state = State.BLOCK_SEQUENCE_ENTRY;
      return EventType.SCALAR;
    }
    if (token.typ === TokenType.BLOCK_END) {
      this.popState();
      this.marks.pop();
      this.skip();
      return EventType.SEQUENCE_END;
    }
    const context_mark = this.marks.pop()!;
    return this.set_parser_error_context("while parsing a block collection", context_mark, "did not find expected '-' indicator", token.start_mark);
  }

  private parse_indentless_sequence_entry(): EventType | undefined {
    let token = this.peek();
    if (token === undefined) return undefined;
    if (token.typ === TokenType.BLOCK_ENTRY) {
      this.skip();
      token = this.peek();
      if (token === undefined) return undefined;
      if (token.typ !== TokenType.BLOCK_ENTRY && token.typ !== TokenType.KEY && token.typ !== TokenType.VALUE && token.typ !== TokenType.BLOCK_END) {
        this.states.push(State.INDENTLESS_SEQUENCE_ENTRY);
        return this.parse_node(true, false);
      }
      this.state = State.INDENTLESS_SEQUENCE_ENTRY;
      return EventType.SCALAR;
    }
    this.popState();
    return EventType.SEQUENCE_END;
  }

  private parse_block_mapping_key(first: boolean): EventType | undefined {
    if (first) {
      const token = this.peek()!;
      this.marks.push(token.start_mark);
      this.skip();
    }
    let token = this.peek();
    if (token === undefined) return undefined;
    if (token.typ === TokenType.KEY) {
      this.skip();
      token = this.peek();
      if (token === undefined) return undefined;
      if (token.typ !== TokenType.KEY && token.typ !== TokenType.VALUE && token.typ !== TokenType.BLOCK_END) {
        this.states.push(State.BLOCK_MAPPING_VALUE);
        return this.parse_node(true, true);
      }
      this.state = State.BLOCK_MAPPING_VALUE;
      return EventType.SCALAR;
    }
    if (token.typ === TokenType.BLOCK_END) {
      this.popState();
      this.marks.pop();
      this.skip();
      return EventType.MAPPING_END;
    }
    const context_mark = this.marks.pop()!;
    return this.set_parser_error_context("while parsing a block mapping", context_mark, "did not find expected key", token.start_mark);
  }

  private parse_block_mapping_value(): EventType | undefined {
    let token = this.peek();
    if (token === undefined) return undefined;
    if (token.typ === TokenType.VALUE) {
      this.skip();
      token = this.peek();
      if (token === undefined) return undefined;
      if (token.typ !== TokenType.KEY && token.typ !== TokenType.VALUE && token.typ !== TokenType.BLOCK_END) {
        this.states.push(State.BLOCK_MAPPING_KEY);
        return this.parse_node(true, true);
      }
    }
    this.state = State.BLOCK_MAPPING_KEY;
    return EventType.SCALAR;
  }

  private parse_flow_sequence_entry(first: boolean): EventType | undefined {
    if (first) {
      const token = this.peek()!;
      this.marks.push(token.start_mark);
      this.skip();
    }
    let token = this.peek();
    if (token === undefined) return undefined;
    if (token.typ !== TokenType.FLOW_SEQUENCE_END) {
      if (!first) {
        if (token.typ === TokenType.FLOW_ENTRY) {
          this.skip();
          token = this.peek();
          if (token === undefined) return undefined;
        } else {
          const context_mark = this.marks.pop()!;
          return this.set_parser_error_context("while parsing a flow sequence", context_mark, "did not find expected ',' or ']'", token.start_mark);
        }
      }
      if (token.typ === TokenType.KEY) {
        this.state = State.FLOW_SEQUENCE_ENTRY_MAPPING_KEY;
        this.skip();
        return EventType.MAPPING_START;
      } else if (token.typ !== TokenType.FLOW_SEQUENCE_END) {
        this.states.push(State.FLOW_SEQUENCE_ENTRY);
        return this.parse_node(false, false);
      }
    }
    this.popState();
    this.marks.pop();
    this.skip();
    return EventType.SEQUENCE_END;
  }

  private parse_flow_sequence_entry_mapping_key(): EventType | undefined {
    const token = this.peek();
    if (token === undefined) return undefined;
    if (token.typ !== TokenType.VALUE && token.typ !== TokenType.FLOW_ENTRY && token.typ !== TokenType.FLOW_SEQUENCE_END) {
      this.states.push(State.FLOW_SEQUENCE_ENTRY_MAPPING_VALUE);
      return this.parse_node(false, false);
    }
    // parserc.go skips the token here (a known libyaml quirk kept by go-yaml v2).
    this.skip();
    this.state = State.FLOW_SEQUENCE_ENTRY_MAPPING_VALUE;
    return EventType.SCALAR;
  }

  private parse_flow_sequence_entry_mapping_value(): EventType | undefined {
    const token = this.peek();
    if (token === undefined) return undefined;
    if (token.typ === TokenType.VALUE) {
      this.skip();
      const next = this.peek();
      if (next === undefined) return undefined;
      if (next.typ !== TokenType.FLOW_ENTRY && next.typ !== TokenType.FLOW_SEQUENCE_END) {
        this.states.push(State.FLOW_SEQUENCE_ENTRY_MAPPING_END);
        return this.parse_node(false, false);
      }
    }
    this.state = State.FLOW_SEQUENCE_ENTRY_MAPPING_END;
    return EventType.SCALAR;
  }

  private parse_flow_sequence_entry_mapping_end(): EventType | undefined {
    const token = this.peek();
    if (token === undefined) return undefined;
    this.state = State.FLOW_SEQUENCE_ENTRY;
    return EventType.MAPPING_END;
  }

  private parse_flow_mapping_key(first: boolean): EventType | undefined {
    if (first) {
      const token = this.peek()!;
      this.marks.push(token.start_mark);
      this.skip();
    }
    let token = this.peek();
    if (token === undefined) return undefined;
    if (token.typ !== TokenType.FLOW_MAPPING_END) {
      if (!first) {
        if (token.typ === TokenType.FLOW_ENTRY) {
          this.skip();
          token = this.peek();
          if (token === undefined) return undefined;
        } else {
          const context_mark = this.marks.pop()!;
          return this.set_parser_error_context("while parsing a flow mapping", context_mark, "did not find expected ',' or '}'", token.start_mark);
        }
      }
      if (token.typ === TokenType.KEY) {
        this.skip();
        token = this.peek();
        if (token === undefined) return undefined;
        if (token.typ !== TokenType.VALUE && token.typ !== TokenType.FLOW_ENTRY && token.typ !== TokenType.FLOW_MAPPING_END) {
          this.states.push(State.FLOW_MAPPING_VALUE);
          return this.parse_node(false, false);
        }
        this.state = State.FLOW_MAPPING_VALUE;
        return EventType.SCALAR;
      } else if (token.typ !== TokenType.FLOW_MAPPING_END) {
        this.states.push(State.FLOW_MAPPING_EMPTY_VALUE);
        return this.parse_node(false, false);
      }
    }
    this.popState();
    this.marks.pop();
    this.skip();
    return EventType.MAPPING_END;
  }

  private parse_flow_mapping_value(empty: boolean): EventType | undefined {
    let token = this.peek();
    if (token === undefined) return undefined;
    if (empty) {
      this.state = State.FLOW_MAPPING_KEY;
      return EventType.SCALAR;
    }
    if (token.typ === TokenType.VALUE) {
      this.skip();
      token = this.peek();
      if (token === undefined) return undefined;
      if (token.typ !== TokenType.FLOW_ENTRY && token.typ !== TokenType.FLOW_MAPPING_END) {
        this.states.push(State.FLOW_MAPPING_KEY);
        return this.parse_node(false, false);
      }
    }
    this.state = State.FLOW_MAPPING_KEY;
    return EventType.SCALAR;
  }

  private process_directives(): boolean {
    let version_seen = false;
    let token = this.peek();
    if (token === undefined) return false;
    while (token.typ === TokenType.VERSION_DIRECTIVE || token.typ === TokenType.TAG_DIRECTIVE) {
      if (token.typ === TokenType.VERSION_DIRECTIVE) {
        if (version_seen) return this.set_parser_error("found duplicate %YAML directive", token.start_mark) ?? false;
        if (token.major !== 1 || token.minor !== 1) return this.set_parser_error("found incompatible YAML document", token.start_mark) ?? false;
        version_seen = true;
      } else if (!this.append_tag_directive([token.value ?? "", token.prefix ?? ""], false, token.start_mark)) return false;
      this.skip();
      token = this.peek();
      if (token === undefined) return false;
    }
    for (const directive of DEFAULT_TAG_DIRECTIVES) {
      if (!this.append_tag_directive([directive[0], directive[1]], true, token.start_mark)) return false;
    }
    return true;
  }

  private append_tag_directive(value: [string, string], allow_duplicates: boolean, mark: Mark): boolean {
    if (this.tag_directives.some(([handle]) => handle === value[0])) {
      if (allow_duplicates) return true;
      return this.set_parser_error("found duplicate %TAG directive", mark) ?? false;
    }
    this.tag_directives.push(value);
    return true;
  }
}
