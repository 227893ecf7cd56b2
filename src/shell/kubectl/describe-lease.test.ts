/**
 * `kubectl describe lease`: kubectl 1.32 has no Lease describer, so describe.go's genericDescriber
 * prints it (printUnstructuredContent with .metadata.managedFields/name/namespace/labels/annotations
 * skipped, fields sorted, smartLabelFor's labels, then DescribeEvents).
 */
import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";
import { camelcaseSplit, smartLabelFor } from "./describe/generic.js";

describe("kubectl describe lease (the generic describer)", () => {
  it("the scheduler's election lease: metadata and spec as labelled sections, the holder, Events <none>", async () => {
    const s = kubectlSession();
    const holder = (await s.run("kubectl get lease -n kube-system kube-scheduler -o jsonpath='{.spec.holderIdentity}'")).stdout;
    const out = (await s.run("kubectl describe lease -n kube-system kube-scheduler")).stdout;
    expect(out).toMatch(/^Name:         kube-scheduler\nNamespace:    kube-system\nLabels:       <none>\nAnnotations:  <none>\nAPI Version:  coordination\.k8s\.io\/v1\nKind:         Lease\nMetadata:\n  Creation Timestamp:  \S+\n  Resource Version:    \d+\n  UID:                 [0-9a-f-]+\nSpec:\n/);
    expect(out).toContain(`  Holder Identity:         ${holder}\n  Lease Duration Seconds:  15\n`);
    expect(out.endsWith("Events:                    <none>\n")).toBe(true);
  });

  it("a node lease: its owner reference is a nested list entry", async () => {
    const out = (await kubectlSession().run("kubectl describe lease -n kube-node-lease node01")).stdout;
    expect(out).toMatch(/  Owner References:\n    API Version:     v1\n    Kind:            Node\n    Name:            node01\n    UID:             [0-9a-f-]+\n/);
    expect(out).toContain("  Holder Identity:         node01\n  Lease Duration Seconds:  40\n");
  });

  it("smartLabelFor: camelcase words titled, common acronyms upper-cased, other characters left as they are", () => {
    expect(smartLabelFor("holderIdentity")).toBe("Holder Identity");
    expect(smartLabelFor("apiVersion")).toBe("API Version");
    expect(smartLabelFor("uid")).toBe("UID");
    expect(smartLabelFor("leaseDurationSeconds")).toBe("Lease Duration Seconds");
    expect(smartLabelFor("some_field")).toBe("some_field");
    expect(camelcaseSplit("URLPath")).toEqual(["URL", "Path"]);
    expect(camelcaseSplit("HTMLIsGood")).toEqual(["HTML", "Is", "Good"]);
  });
});
