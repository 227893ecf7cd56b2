// Manifest parsing errors, compared with kubectl 1.32's own (testdata/errors/apply-*.err,
// recorded by `kubectl apply -f FILE --dry-run=client`, which parses locally).
import { describe, expect, it } from "vitest";
import { golden, recordedError } from "./testing.js";
import { parseManifestText, splitYamlDocuments } from "./manifests.js";

describe("parseManifestText", () => {
  it.each([
    ["manifests/mapping.yaml", "apply-mapping"],
    ["manifests/tab.yaml", "apply-tab"],
    ["manifests/indent.yaml", "apply-indent"],
    ["manifests/bad.json", "apply-badjson"],
    ["manifests/nokind.yaml", "apply-nokind"],
  ])("%s is refused with go-yaml's / kubectl's words", (file, name) => {
    const result = parseManifestText(golden(file), file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(`${result.error}\n`).toBe(recordedError(name).stderr);
  });

  it("reads multi-document YAML and unpacks List (manifests/multi.yaml)", () => {
    const result = parseManifestText(golden("manifests/multi.yaml"), "manifests/multi.yaml");
    expect(result.ok && result.manifests.map((m) => m.object.metadata?.name)).toEqual(["a", "b"]);
  });

  it("keeps YAML integers as numbers and quoted numbers as strings (strict decoding sees Go's types)", () => {
    const result = parseManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "1"\n  b: 2\n', "x.yaml");
    expect(result.ok && result.manifests[0]!.object.data).toEqual({ a: "1", b: 2 });
  });

  // Recorded from kubectl v1.32 `apply -f t.yaml --dry-run=client` (no cluster): decided before any request.
  const refusal = (data: string) => `error: error validating "t.yaml": error validating data: ${data}; if you choose to ignore these errors, turn validation off with --validate=false`;
  it.each([
    ["apiVersion: v1\nkind: List\n", "invalid object to validate"],
    ["apiVersion: v1\nkind: List\nitems: 5\n", "invalid object to validate"],
    ["apiVersion: v1\nkind: List\nitems: null\n", "invalid object to validate"],
    ["apiVersion: v1\nkind: List\nitems: [5, {kind: Pod}, 6]\n", "[invalid object to validate, apiVersion not set]"],
    ["apiVersion: v1\nkind: List\nitems: [{apiVersion: v1}, {kind: 1}]\n", "[kind not set, apiVersion not set, kind isn't string type]"],
    ["apiVersion: 0b101\nkind: Pod\n", "apiVersion isn't string type"],
    ["apiVersion: 1_000\nkind: Pod\n", "apiVersion isn't string type"],
    ["apiVersion: v1\nkind: on\n", "kind isn't string type"],
  ])("%j is refused as kubectl's validateList / getObjectKind refuse it", (text, data) => {
    const result = parseManifestText(text, "t.yaml");
    expect(result.ok ? "accepted" : result.error).toBe(refusal(data));
  });

  it("an empty v1 List is accepted (kubectl then asks the server)", () => {
    expect(parseManifestText("apiVersion: v1\nkind: List\nitems: []\n", "t.yaml")).toEqual({ ok: true, manifests: [] });
  });

  it("plain scalars resolve as go-yaml v2 does: YAML 1.1 booleans, Go integer literals", () => {
    const result = parseManifestText("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: {enabled: yes}}\ndata: {a: 017, b: -0x1F, c: 1_000, d: 0b101, e: Off, f: 0x, g: 42, h: 08}\n", "x.yaml");
    expect(result.ok && result.manifests[0]!.object.metadata?.labels).toEqual({ enabled: true });
    expect(result.ok && result.manifests[0]!.object.data).toEqual({ a: 15, b: -31, c: 1000, d: 5, e: false, f: "0x", g: 42, h: 8 });
  });
});

describe("deep nesting stays fast (issue 6, fuzz #6420: 2.6-4.7 s in the yaml package)", () => {
  const deep = (n: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nx-deep: ${"[".repeat(n)}${"]".repeat(n)}\n`;
  it("a 9,999-level JSON-shaped flow value parses to its value, well within a command's time", () => {
    const started = performance.now();
    const result = parseManifestText(deep(9999), "x.yaml");
    expect(performance.now() - started).toBeLessThan(2000);
    let value = result.ok ? (result.manifests[0]!.object as Record<string, unknown>)["x-deep"] : undefined;
    let levels = 0;
    while (Array.isArray(value)) [value, levels] = [value[0], levels + 1];
    expect(levels).toBe(9999);
  });

  it("10,001 levels are go-yaml's max depth error", () => {
    const result = parseManifestText(deep(10001), "x.yaml");
    expect(result.ok ? "accepted" : result.error).toBe("error: error parsing x.yaml: error converting YAML to JSON: yaml: line 4: exceeded max depth of 10000");
  });

  it("text after the first document of a chunk is not parsed again: a dedented line then a 10,001-level value", () => {
    const started = performance.now();
    const result = parseManifestText(` apiVersion: v1\nkind: ConfigMap\nx-deep: ${"[".repeat(10001)}${"]".repeat(10001)}\n`, "x.yaml");
    expect(performance.now() - started).toBeLessThan(2000);
    // go-yaml's first document is {apiVersion: v1}; kubectl 1.32 answers "kind not set" (fuzz recording #6420).
    expect(result.ok ? "accepted" : result.error).toMatch(/error validating data: kind not set;/);
  });
});

describe("splitYamlDocuments (apimachinery YAMLReader.Read)", () => {
  it("a separator that ends a document is consumed; one met before any content stays in the next document", () => {
    expect(splitYamlDocuments("a: 1\n---\nb: 2\n").chunks).toEqual(["a: 1\n", "b: 2\n"]);
    expect(splitYamlDocuments("---\n%FOO bar\n---\nb: 2\n").chunks).toEqual(["---\n%FOO bar\n", "b: 2\n"]);
    expect(splitYamlDocuments("a: 1\n---\n---\nb: 2\n").chunks).toEqual(["a: 1\n", "---\nb: 2\n"]);
  });

  it("so go-yaml counts the kept separator's line: `---`, then an unknown directive, fails at line 2 (kubectl 1.32, fuzz #1336)", () => {
    const result = parseManifestText("---\n%FOO bar\n---\napiVersion: v1\nkind: Service\n", "x.yaml");
    expect(result.ok ? "accepted" : result.error).toBe("error: error parsing x.yaml: error converting YAML to JSON: yaml: line 2: found unknown directive name");
  });
});

describe("JSON streams (json.Decoder hands out each value before reading on)", () => {
  it("a bad first object is reported before a syntax error in a later one (kubectl 1.32 prints this for the same file)", () => {
    const result = parseManifestText('{"kind": "Pod"}\n{"apiVersion": x}\n', "x.json");
    expect(result.ok ? "accepted" : result.error).toMatch(/^error: error validating "x\.json": error validating data: apiVersion not set;/);
  });
  it("the syntax error still stops the stream when the values before it are fine (offset: bytes up to the bad one)", () => {
    const result = parseManifestText('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}\n{"apiVersion": x}\n', "x.json");
    expect(result.ok ? "accepted" : result.error).toBe("error: error parsing x.json: json: offset 85: invalid character 'x' looking for beginning of value");
  });
});

// Recorded from kubectl 1.32 (`kubectl apply --dry-run=client -f t.yaml`, testdata/errors/go-yaml-decode.json,
// by test/fuzz/record-cases.py): decode.go's alias lookup as each event arrives, d.mapping's
// `invalid map key` with fmt's %#v, sigs.k8s.io/yaml's `unsupported map key` for a null key, and
// LineReader's "\n" after a last line without one (fuzz #3367 #4081 #4932 #5314 #5905 #7851 #8144 #9429).
describe("go-yaml decoding as kubectl reaches it (recorded)", () => {
  const recording = JSON.parse(golden("errors/go-yaml-decode.json")) as { cases: { input: string; exitCode: number; stderr: string }[] };
  it.each(recording.cases.map((c) => [c.input, c.stderr] as const))("%j", (input, stderr) => {
    const result = parseManifestText(input, "t.yaml");
    expect(result.ok ? "accepted" : result.error).toBe(stderr);
  });
});

// Recorded from kubectl 1.32 (testdata/errors/meta-decode.json, see its "recorded" note): the
// builder decodes each document's metadata into metav1.ObjectMeta before sending anything.
describe("wrong-typed metadata is refused as the builder's decode refuses it (recorded)", () => {
  const recording = JSON.parse(golden("errors/meta-decode.json")) as { cases: { input: string; stderr: string }[] };
  it.each(recording.cases.map((c) => [c.input, c.stderr] as const))("%j", (input, stderr) => {
    const result = parseManifestText(input, "t.yaml");
    expect(result.ok).toBe(true);
    const decodeError = result.ok ? result.manifests[0]!.decodeError : "not parsed";
    if (stderr.startsWith("error: unable to decode")) expect(decodeError).toBe(stderr);
    else expect(decodeError).toBeUndefined();
  });
});
