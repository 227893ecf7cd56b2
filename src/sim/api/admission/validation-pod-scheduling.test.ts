// pkg/apis/core/validation (1.32): validatePodAffinityTerm ("can not be empty"
// plus IsQualifiedName's words for the topologyKey), validateWeightedPodAffinityTerms
// ("must be in the range 1-100") and validateTopologySpreadConstraints
// (ValidateMaxSkew, ValidateTopologyKey, ValidateWhenUnsatisfiable,
// ValidateSpreadConstraintNotRepeat, validateMinDomains).
import { describe, expect, it } from "vitest";
import { validatePodAffinity, validateTopologySpreadConstraints } from "./validation-pod-scheduling.js";

const texts = (errs: { field: string; type: string; detail?: string; value?: unknown }[]) =>
  errs.map((e) => `${e.field}: ${e.type}${e.value !== undefined ? ` ${JSON.stringify(e.value)}` : ""}${e.detail ? `: ${e.detail}` : ""}`);

describe("pod affinity validation", () => {
  it("a required term without topologyKey is refused three times over, as upstream lists it", () => {
    const errs = validatePodAffinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {} } as never] } }, "spec.affinity");
    expect(texts(errs)).toEqual([
      "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty",
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value "": name part must be non-empty',
      expect.stringContaining('topologyKey: Invalid value "": name part must consist of alphanumeric characters'),
    ]);
  });

  it("a preferred term's weight must be 1-100; a valid term passes", () => {
    const term = { labelSelector: { matchLabels: { app: "x" } }, topologyKey: "kubernetes.io/hostname" };
    const errs = validatePodAffinity({ podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: term }, { weight: 100, podAffinityTerm: term }] } }, "spec.affinity");
    expect(texts(errs)).toEqual(["spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value 0: must be in the range 1-100"]);
  });
});

describe("topology spread constraint validation", () => {
  it("maxSkew, whenUnsatisfiable, repeats and minDomains", () => {
    const errs = validateTopologySpreadConstraints(
      [
        { maxSkew: 0, topologyKey: "zone", whenUnsatisfiable: "Maybe" as never },
        { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "ScheduleAnyway", minDomains: 2 },
        { maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "ScheduleAnyway" },
        { maxSkew: 1, topologyKey: "", whenUnsatisfiable: "DoNotSchedule", minDomains: 0 },
      ],
      "spec.topologySpreadConstraints",
    );
    expect(texts(errs)).toEqual([
      "spec.topologySpreadConstraints[0].maxSkew: Invalid value 0: must be greater than zero",
      'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"',
      'spec.topologySpreadConstraints[1].{topologyKey, whenUnsatisfiable}: Duplicate value "{zone, ScheduleAnyway}"',
      "spec.topologySpreadConstraints[1].minDomains: Invalid value 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway",
      "spec.topologySpreadConstraints[3].topologyKey: Required value: can not be empty",
      "spec.topologySpreadConstraints[3].minDomains: Invalid value 0: must be greater than zero",
    ]);
  });
});
