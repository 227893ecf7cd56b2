/**
 * `kubectl describe resourcequota`: a port of describeQuota from kubectl's
 * pkg/describe/describe.go, 1.32. The rows come from status.hard, which the
 * quota controller fills; kadet runs none, so a new quota shows no rows.
 */
import type { StoredObject } from "../../../sim/api/types.js";
import { compareBytes } from "../../../sim/core/compare.js";
import type { Obj } from "./common.js";
import { LEVEL_0, tabbedString } from "./tabwriter.js";

/** helpTextForResourceQuotaScope. */
const SCOPE_HELP: Record<string, string> = {
  Terminating: "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
  NotTerminating: "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
  BestEffort: "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
  NotBestEffort: "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
};

export function describeQuota(quota: StoredObject): string {
  const spec = (quota.spec ?? {}) as Obj;
  const status = (quota.status ?? {}) as Obj;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${quota.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${quota.metadata.namespace ?? ""}\n`);
    const scopes = [...((spec.scopes ?? []) as string[])].sort(compareBytes);
    if (scopes.length > 0) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(", ")}\n`);
      for (const scope of scopes) if (SCOPE_HELP[scope]) w.write(LEVEL_0, ` * ${SCOPE_HELP[scope]}\n`);
    }
    w.write(LEVEL_0, "Resource\tUsed\tHard\n");
    w.write(LEVEL_0, "--------\t----\t----\n");
    const hard = (status.hard ?? {}) as Record<string, string>;
    const used = (status.used ?? {}) as Record<string, string>;
    for (const name of Object.keys(hard).sort(compareBytes)) w.write(LEVEL_0, `${name}\t${used[name] ?? "0"}\t${hard[name]}\n`);
  });
}
