// Manifest parsing errors, compared with kubectl 1.32's own (testdata/errors/apply-*.err,
// recorded by `kubectl apply -f FILE --dry-run=client`, which parses locally).
import { describe, expect, it } from "vitest";
import { golden, recordedError } from "./testing.js";
import { parseManifestText } from "./manifests.js";

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
});
