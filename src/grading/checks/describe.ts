/**
 * Wording shared by the checks: how objects, namespaces and lists of names
 * read in a message ("no Pod named web in namespace default (pods there:
 * api, db)").
 */
import { kindNamed, type KindInfo } from "../../sim/api/kinds.js";
import type { StoredObject } from "../../sim/api/types.js";
import type { World } from "../../sim/world/world.js";

/** At most this many names are listed; the rest are counted. */
const MAX_LISTED = 8;

export function listNames(names: readonly string[]): string {
  if (names.length <= MAX_LISTED) return names.join(", ");
  return `${names.slice(0, MAX_LISTED).join(", ")} and ${names.length - MAX_LISTED} more`;
}

/** "in namespace default" for namespaced kinds, "" otherwise. */
export function inNamespace(info: KindInfo, namespace: string | undefined): string {
  return info.namespaced ? ` in namespace ${namespace ?? "default"}` : "";
}

/** Why an object is not there, with what is there instead. */
export function missingObjectMessage(world: World, info: KindInfo, namespace: string | undefined, name: string): string {
  const here = world.api.list(info, info.namespaced ? namespace : undefined).map((o) => o.metadata.name);
  const where = info.namespaced ? `${info.plural} there` : info.plural;
  const present = here.length === 0 ? `no ${info.plural}${info.namespaced ? " there" : ""}` : `${where}: ${listNames(here)}`;
  let message = `no ${info.kind} named ${name}${inNamespace(info, namespace)} (${present})`;
  if (info.namespaced) {
    const elsewhere = world.api
      .list(info)
      .filter((o) => o.metadata.name === name && o.metadata.namespace !== namespace)
      .map((o) => o.metadata.namespace ?? "");
    if (elsewhere.length > 0) message += `; there is one in namespace ${elsewhere.join(", ")}`;
  }
  return message;
}

/** A pod's phase as `kubectl get pods` shows its STATUS column often differs; the phase is what checks read. */
export function podPhase(pod: StoredObject): string {
  if (pod.metadata.deletionTimestamp) return "Terminating";
  return ((pod.status ?? {}) as { phase?: string }).phase ?? "Pending";
}

export const POD = (): KindInfo => kindNamed("Pod")!;
