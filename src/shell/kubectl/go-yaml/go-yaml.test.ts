/**
 * The port's messages against the real kubectl 1.32 (`kubectl apply -f f.yaml --dry-run=client`,
 * sigs.k8s.io/yaml v1.4.0's goyaml.v2): each expected text below was recorded from it, after
 * `error parsing f.yaml: error converting YAML to JSON: `.
 */
import { describe, expect, it } from "vitest";
import { goYamlSyntaxError } from "./index.js";

const recorded: [input: string, kubectl: string | undefined][] = [
  // scannerc.go fetch_value: a second ':' on a simple key's line; problem_mark is line 0, context too: no line.
  ["a: b: c\n", "yaml: mapping values are not allowed in this context"],
  // scan_to_next_token does not skip a tab where a simple key is allowed (block context).
  ["a:\n\tb: 1\n", "yaml: line 2: found character that cannot start any token"],
  // parser error: problem_mark (0-based) is the stream end on line 1 → go-yaml prints it unincremented.
  ["a: [1, 2\n", "yaml: line 1: did not find expected ',' or ']'"],
  ["a: 'x\n", "yaml: line 2: found unexpected end of stream"],
  ["apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  - y\n", "yaml: line 4: did not find expected key"],
  ["a: |\n  x\n\ty\n", "yaml: line 3: found a tab character where an indentation space is expected"],
  ["a:\n  b\n\t c\n", "yaml: line 3: found a tab character that violates indentation"],
  ["a: b\nc\n", "yaml: line 3: could not find expected ':'"],
  ["a: b\n c\n", undefined],
  ["- a\n- b\n", undefined],
];

describe("go-yaml v2 port: kubectl 1.32's YAML syntax errors", () => {
  for (const [input, kubectl] of recorded) {
    it(`${JSON.stringify(input)} → ${kubectl ?? "parses"}`, () => {
      expect(goYamlSyntaxError(input)).toBe(kubectl);
    });
  }
});
