// The patch `kubectl apply` sends, compared with what the real kubectl 1.32 sent for the same
// live object and file (testdata/three-way/record.py logged the PATCH bodies against a fake
// API server): apimachinery strategicpatch.CreateThreeWayMergePatch, with kubectl's
// last-applied annotation as the original.
// https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#how-apply-calculates-differences-and-merges-changes
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { KubeObject, StoredObject } from "../../../sim/api/types.js";
import { lastAppliedOf, missingLastAppliedWarning, withLastApplied } from "../apply.js";
import { parseManifestText } from "../manifests.js";
import { schemaOfKind } from "./patch-strategies.js";
import { threeWayMergePatch } from "./three-way.js";

const dir = fileURLToPath(new URL("../testdata/three-way/", import.meta.url));
const read = (name: string) => readFileSync(`${dir}${name}`, "utf8");

function kadetPatch(name: string): string {
  const live = JSON.parse(read(`${name}.live.json`)) as StoredObject;
  const parsed = parseManifestText(read(`${name}.yaml`), `${name}.yaml`);
  if (!parsed.ok) throw new Error(parsed.error);
  const file = parsed.manifests[0]!.object;
  const modified = withLastApplied({ ...file, metadata: { ...file.metadata, namespace: "default" } } as KubeObject);
  const patch = threeWayMergePatch(lastAppliedOf(live), modified as never, live as never, schemaOfKind(live.kind));
  return JSON.stringify(patch);
}

describe("three-way strategic merge patch, as kubectl 1.32 sends it", () => {
  it.each([
    // minReadySeconds dropped → null; a container and an env var dropped → $patch: delete by merge key;
    // a finalizer dropped → $deleteFromPrimitiveList; strategy type changed → $retainKeys clears rollingUpdate;
    // replicas (set by kubectl scale, not in either file) is left alone.
    "deployment-edit",
    // no last-applied annotation (made by kubectl create): nothing is deleted, only additions and the annotation.
    "configmap-no-annotation",
    // a Service port dropped by its merge key `port`; a label another writer added stays.
    "service-port-removed",
    // an env var another writer added: the file's order is sent again ($setElementOrder), so the
    // real client says `configured` every time while the list holds more than the file.
    "deployment-foreign-env",
    // a file made with `create deployment --dry-run=client -o yaml` carries `creationTimestamp: null`:
    // the live value is a string, so every apply sends the null again and says `configured`.
    "deployment-null-timestamp",
    // a volume switched from emptyDir to configMap: volumes are `merge,retainKeys`, so the element
    // carries $retainKeys and emptyDir: null; reordered volumeMounts send only their new order.
    "deployment-volume-source",
  ])("%s", (name) => {
    expect(`${kadetPatch(name)}\n`).toBe(read(`${name}.patch.golden`));
  });

  it("the printed lines and the missing-annotation warning are the real client's", () => {
    for (const name of ["deployment-edit", "configmap-no-annotation", "service-port-removed", "deployment-foreign-env", "deployment-null-timestamp"]) {
      expect(read(`${name}.out.golden`)).toMatch(/ configured\n$/);
    }
    expect(read("configmap-no-annotation.err.golden")).toBe(missingLastAppliedWarning("configmaps/settings"));
    expect(read("deployment-edit.err.golden")).toBe("");
  });

  it("the same file again sends no patch (kubectl prints `unchanged`)", () => {
    expect(read("deployment-same.patch.golden")).toBe("");
    expect(read("deployment-same.out.golden")).toBe("deployment.apps/web unchanged\n");
    expect(kadetPatch("deployment-same")).toBe("{}");
  });
});
