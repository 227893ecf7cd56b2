// Messages from pkg/apis/core/validation/validation.go (ValidateNodeSelectorRequirement,
// ValidateNodeFieldSelectorRequirement, ValidatePreferredSchedulingTerms, ValidateNodeSelector),
// rendered as `kubectl apply` shows them.
import { describe, expect, it } from "vitest";
import { invalid, renderFieldError } from "../errors.js";
import { kindNamed, qualifiedKind } from "../kinds.js";
import type { KubeObject } from "../types.js";
import { applyDefaults } from "./defaults.js";
import { validate } from "./validation.js";

type AnyObj = Record<string, any>;

function errors(affinity: AnyObj): string[] {
  const info = kindNamed("Pod")!;
  const obj = { apiVersion: "v1", kind: "Pod", metadata: { name: "db" }, spec: { affinity: { nodeAffinity: affinity }, containers: [{ name: "c", image: "nginx:1.27" }] } };
  return validate(applyDefaults(obj as KubeObject, info), info).map(renderFieldError);
}

const required = (...matchExpressions: AnyObj[]): AnyObj => ({ requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } });
const R = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";

describe("node affinity validation (kube-apiserver)", () => {
  it("accepts the six node selector operators", () => {
    for (const e of [
      { key: "disktype", operator: "In", values: ["ssd"] },
      { key: "disktype", operator: "NotIn", values: ["hdd"] },
      { key: "gpu", operator: "Exists" },
      { key: "gpu", operator: "DoesNotExist" },
      { key: "cores", operator: "Gt", values: ["4"] },
      { key: "cores", operator: "Lt", values: ["64"] },
    ])
      expect(errors(required(e))).toEqual([]);
  });

  it("refuses the toleration operator Equal, which is not a node selector operator", () => {
    expect(errors(required({ key: "disktype", operator: "Equal", values: ["ssd"] }))).toEqual([
      `${R}[0].matchExpressions[0].operator: Invalid value: "Equal": not a valid selector operator`,
    ]);
    const info = kindNamed("Pod")!;
    const obj = { apiVersion: "v1", kind: "Pod", metadata: { name: "db" }, spec: { affinity: { nodeAffinity: required({ key: "disktype", operator: "Equal", values: ["ssd"] }) }, containers: [{ name: "c", image: "nginx:1.27" }] } };
    const message = invalid(info.kind, qualifiedKind(info), "db", validate(applyDefaults(obj as KubeObject, info), info)).message;
    expect(message).toBe(`Pod "db" is invalid: ${R}[0].matchExpressions[0].operator: Invalid value: "Equal": not a valid selector operator`);
  });

  it("values must match the operator", () => {
    expect(errors(required({ key: "disktype", operator: "In" }))).toEqual([`${R}[0].matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`]);
    expect(errors(required({ key: "gpu", operator: "Exists", values: ["x"] }))).toEqual([
      `${R}[0].matchExpressions[0].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
    ]);
    expect(errors(required({ key: "cores", operator: "Gt", values: ["1", "2"] }))).toEqual([
      `${R}[0].matchExpressions[0].values: Required value: must be specified single value when \`operator\` is 'Lt' or 'Gt'`,
    ]);
  });

  it("required affinity needs at least one term", () => {
    expect(errors({ requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } })).toEqual([`${R}: Required value: must have at least one node selector term`]);
  });

  it("preferred weights are 1-100", () => {
    const term = (weight: number): AnyObj => ({ preferredDuringSchedulingIgnoredDuringExecution: [{ weight, preference: { matchExpressions: [{ key: "disktype", operator: "In", values: ["ssd"] }] } }] });
    expect(errors(term(1))).toEqual([]);
    expect(errors(term(100))).toEqual([]);
    expect(errors(term(0))).toEqual(["spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100"]);
    expect(errors(term(101))).toEqual(["spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100"]);
  });

  it("matchFields allows only metadata.name with In/NotIn and one value", () => {
    const fields = (f: AnyObj): AnyObj => ({ requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [f] }] } });
    expect(errors(fields({ key: "metadata.name", operator: "In", values: ["node01"] }))).toEqual([]);
    expect(errors(fields({ key: "metadata.labels", operator: "In", values: ["x"] }))).toEqual([`${R}[0].matchFields[0].key: Invalid value: "metadata.labels": not a valid field selector key`]);
    expect(errors(fields({ key: "metadata.name", operator: "In", values: ["a", "b"] }))).toEqual([
      `${R}[0].matchFields[0].values: Required value: must be only one value when \`operator\` is 'In' or 'NotIn' for node field selector`,
    ]);
  });
});
