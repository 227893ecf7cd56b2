/**
 * Priority (plugin/pkg/admission/priority/admission.go): a new pod's
 * priority and preemptionPolicy come from its PriorityClass, or from the
 * class marked globalDefault, or are 0 / PreemptLowerPriority when there is
 * none. A pod naming a class that does not exist, or giving a priority that
 * disagrees with its class, is refused with the plugin's words.
 */
import type { IPodSpec } from "kubernetes-models/v1";
import { forbidden, type AdmissionPlugin } from "./plugin.js";
import type { StoredObject } from "../../types.js";

type PriorityClass = StoredObject & { value?: number; globalDefault?: boolean; preemptionPolicy?: string };

/** scheduling.DefaultPriorityWhenNoDefaultClassExists */
export const DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS = 0;

export const priority = {
  name: "Priority",
  admit: (attributes) => {
    const { operation, info, object, lookup } = attributes;
    if (operation !== "CREATE" || info.kind !== "Pod") return undefined;
    const spec = object.spec as IPodSpec | undefined;
    if (!spec) return undefined;
    let value = DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS;
    let policy: string | undefined = "PreemptLowerPriority";
    if (!spec.priorityClassName) {
      const defaults = (lookup.list("PriorityClass") as PriorityClass[]).filter((pc) => pc.globalDefault === true);
      // Upstream picks the lowest value when several claim globalDefault.
      const chosen = defaults.sort((a, b) => (a.value ?? 0) - (b.value ?? 0))[0];
      if (chosen) {
        spec.priorityClassName = chosen.metadata.name;
        value = chosen.value ?? 0;
        policy = chosen.preemptionPolicy;
      }
    } else {
      const pc = lookup.find("PriorityClass", undefined, spec.priorityClassName) as PriorityClass | undefined;
      if (!pc) return forbidden(attributes, `no PriorityClass with name ${spec.priorityClassName} was found`);
      value = pc.value ?? 0;
      policy = pc.preemptionPolicy;
    }
    if (spec.priority !== undefined && spec.priority !== value) {
      return forbidden(
        attributes,
        `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
      );
    }
    spec.priority = value;
    if (policy !== undefined) {
      if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy) {
        return forbidden(
          attributes,
          `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
        );
      }
      spec.preemptionPolicy = policy as IPodSpec["preemptionPolicy"];
    }
    return undefined;
  },
} satisfies AdmissionPlugin;
