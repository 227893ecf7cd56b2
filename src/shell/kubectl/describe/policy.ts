/**
 * `kubectl describe pdb`: a port of describePodDisruptionBudgetV1 in kubectl 1.32's
 * pkg/describe/describe.go (the budget that is set, the selector, the status counts, events).
 */
import type { Event, StoredObject } from "../../../sim/api/types.js";
import { formatLabelSelector } from "../printers/columns.js";
import { describeEvents } from "./common.js";
import { LEVEL_0, LEVEL_2, tabbedString } from "./tabwriter.js";

interface PodDisruptionBudgetView {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string; selector?: Record<string, unknown> | null };
  status?: { disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; expectedPods?: number };
}

export function describePodDisruptionBudget(pdb: StoredObject, events: Event[] | undefined, now: number): string {
  const { spec, status } = pdb as StoredObject & PodDisruptionBudgetView;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pdb.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace}\n`);
    if (spec?.minAvailable !== undefined) w.write(LEVEL_0, `Min available:\t${String(spec.minAvailable)}\n`);
    else if (spec?.maxUnavailable !== undefined) w.write(LEVEL_0, `Max unavailable:\t${String(spec.maxUnavailable)}\n`);
    if (spec?.selector) w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
    else w.write(LEVEL_0, "Selector:\t<unset>\n");
    w.write(LEVEL_0, "Status:\n");
    w.write(LEVEL_2, `Allowed disruptions:\t${status?.disruptionsAllowed ?? 0}\n`);
    w.write(LEVEL_2, `Current:\t${status?.currentHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Desired:\t${status?.desiredHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Total:\t${status?.expectedPods ?? 0}\n`);
    describeEvents(events, w, now);
  });
}
