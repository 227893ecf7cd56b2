// Two-way strategic merge patches as apimachinery's strategicpatch.CreateTwoWayMergePatch
// builds them (cases after its testdata in patch_test.go: a removed map key is null, a list
// with a patch merge key diffs by key with $setElementOrder, other lists are replaced).
import { describe, expect, it } from "vitest";
import { applyMergePatch, twoWayMergePatch } from "./edit-patch.js";

// The merge keys come from the kind's Go type, so the objects name their kind.
const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => ({ kind: "Pod", spec: { containers, ...extra } });

describe("twoWayMergePatch", () => {
  it("a removed key is null, a changed scalar is set, nothing else is sent", () => {
    expect(twoWayMergePatch({ a: 1, b: 2, c: { d: 1 } }, { a: 1, c: { d: 2 } })).toEqual({ b: null, c: { d: 2 } });
  });

  it("containers merge by name: only the changed item, with its key, and the order directive", () => {
    const patch = twoWayMergePatch(pod([{ name: "a", image: "x" }, { name: "b", image: "y" }]), pod([{ name: "a", image: "x" }, { name: "b", image: "z" }]));
    expect(JSON.stringify(patch)).toBe('{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"image":"z","name":"b"}]}}');
  });

  it("a removed container is a $patch: delete item", () => {
    const patch = twoWayMergePatch(pod([{ name: "a" }, { name: "b" }]), pod([{ name: "a" }]));
    expect(patch).toEqual({ spec: { "$setElementOrder/containers": [{ name: "a" }], containers: [{ $patch: "delete", name: "b" }] } });
  });

  it("a list without a merge key (args) is replaced whole", () => {
    const patch = twoWayMergePatch(pod([{ name: "a", args: ["1", "2"] }]), pod([{ name: "a", args: ["1"] }]));
    expect(patch).toEqual({ spec: { "$setElementOrder/containers": [{ name: "a" }], containers: [{ name: "a", args: ["1"] }] } });
  });

  it("applying the patch to the object it was made from gives the edited object", () => {
    const before = pod([{ name: "a", image: "x", ports: [{ containerPort: 80 }] }, { name: "b" }], { nodeName: "n1" });
    const after = pod([{ name: "c" }, { name: "a", image: "y", ports: [{ containerPort: 81 }] }]);
    expect(applyMergePatch(before, twoWayMergePatch(before, after))).toEqual(after);
  });
});
