/**
 * `sim addon enable|disable metrics-server` (and `sim addon list`): installs or removes a cluster
 * add-on, as `minikube addons enable` or applying its components.yaml would.
 */
import { disableMetricsServer, enableMetricsServer, metricsApiState } from "../../sim/metrics/metrics-server.js";
import type { World } from "../../sim/world/world.js";
import { failure, ok, type CommandResult } from "../types.js";

export const ADDON_USAGE = "  sim addon enable|disable metrics-server   install or remove metrics-server (kubectl top, HPAs); sim addon list: what is installed\n";
const ADDONS = ["metrics-server"];

export function addonCommand(args: string[], world: World): CommandResult {
  const [verb, name, ...extra] = args;
  if (verb === "list" && name === undefined) {
    const state = metricsApiState(world);
    return ok(`metrics-server: ${state === "absent" ? "disabled" : state === "available" ? "enabled (Metrics API available)" : "enabled (Metrics API not ready yet)"}\n`);
  }
  if ((verb !== "enable" && verb !== "disable") || name === undefined || extra.length > 0) return failure(`Usage:\n${ADDON_USAGE}`);
  if (!ADDONS.includes(name)) return failure(`sim addon: unknown add-on "${name}" (known: ${ADDONS.join(", ")})`);
  if (verb === "enable") {
    const created = enableMetricsServer(world);
    world.settle();
    if (created.length === 0) return ok("metrics-server is already enabled\n");
    return ok(`metrics-server enabled: ${created.join(", ")} created in kube-system; the Metrics API answers once its pod is Ready (about 30 s)\n`);
  }
  const deleted = disableMetricsServer(world);
  world.settle();
  if (deleted.length === 0) return ok("metrics-server is not enabled\n");
  return ok(`metrics-server disabled: ${deleted.join(", ")} deleted from kube-system\n`);
}
