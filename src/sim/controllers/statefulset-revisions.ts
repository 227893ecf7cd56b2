/**
 * A StatefulSet's or DaemonSet's ControllerRevisions (pkg/controller/history,
 * statefulset/stateful_set_utils.go and daemon/update.go, 1.32): each revision stores the pod
 * template as the patch `{"spec":{"template":{...,"$patch":"replace"}}}`, is
 * named `<set>-<hash>` and labelled with its hash (controller.kubernetes.io/hash for a
 * StatefulSet, controller-revision-hash for a DaemonSet); going back to
 * an older template reuses its revision with the next revision number
 * (`rollout undo` works this way). Pods carry their revision's name in the
 * controller-revision-hash label.
 */
import { kindNamed } from "../api/kinds.js";
import type { KubeObject, StoredObject } from "../api/types.js";
import { templateHash } from "../core/random.js";
import type { World } from "../world/world.js";
import { controllerRefTo, isControlledBy } from "./ownership.js";
import { compareBytes } from "../core/compare.js";

const REVISION = kindNamed("ControllerRevision")!;
export const REVISION_HASH_LABEL = "controller-revision-hash";
const HASH_LABEL = "controller.kubernetes.io/hash";

export type ControllerRevision = StoredObject & { data?: { spec?: { template?: Record<string, unknown> } }; revision?: number };

/** The template a revision holds, without the patch directive. */
export function templateOf(revision: ControllerRevision): Record<string, unknown> {
  const { $patch: _directive, ...template } = (revision.data?.spec?.template ?? {}) as Record<string, unknown>;
  return template;
}

/** The revisions the set owns, oldest revision number first. */
export function revisionsOf(world: World, owner: StoredObject): ControllerRevision[] {
  return world.api
    .list<ControllerRevision>(REVISION, owner.metadata.namespace)
    .filter((r) => isControlledBy(r, owner))
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || compareBytes(a.metadata.name, b.metadata.name));
}

/**
 * The revision of the set's current template, created (or renumbered to the newest) as needed,
 * and older revisions beyond revisionHistoryLimit pruned unless a pod still uses them.
 */
export function ensureUpdateRevision(
  world: World,
  owner: StoredObject & { spec?: { template?: unknown; revisionHistoryLimit?: number; selector?: { matchLabels?: Record<string, string> } } },
  liveRevisionNames: Set<string>,
  hashLabel = HASH_LABEL,
): ControllerRevision | undefined {
  const template = owner.spec?.template ?? {};
  const hash = templateHash(template);
  const name = `${owner.metadata.name}-${hash}`;
  const revisions = revisionsOf(world, owner);
  const newest = revisions.reduce((max, r) => Math.max(max, r.revision ?? 0), 0);
  let current = revisions.find((r) => r.metadata.name === name);
  if (current) {
    if ((current.revision ?? 0) < newest) {
      const renumbered = world.api.update<ControllerRevision>(REVISION, { ...structuredClone(current), revision: newest + 1 } as KubeObject);
      if (renumbered.ok) current = renumbered.value;
    }
  } else {
    const labels = { ...((template as { metadata?: { labels?: Record<string, string> } }).metadata?.labels ?? {}), [hashLabel]: hash };
    const created = world.api.create<ControllerRevision>(
      REVISION,
      {
        apiVersion: "apps/v1",
        kind: "ControllerRevision",
        // newRevision copies the set's annotations (kubernetes.io/change-cause among them: rollout history shows it).
        metadata: { name, namespace: owner.metadata.namespace, labels, ...(owner.metadata.annotations ? { annotations: { ...owner.metadata.annotations } } : {}), ownerReferences: [controllerRefTo(owner)] },
        data: { spec: { template: { ...structuredClone(template as object), $patch: "replace" } } },
        revision: newest + 1,
      } as KubeObject,
      owner.metadata.namespace,
    );
    if (!created.ok) return undefined;
    current = created.value;
  }
  // truncateHistory: keep revisionHistoryLimit revisions that no pod uses, besides the live ones.
  const limit = owner.spec?.revisionHistoryLimit ?? 10;
  const historic = revisionsOf(world, owner).filter((r) => r.metadata.name !== current!.metadata.name && !liveRevisionNames.has(r.metadata.name));
  for (const old of historic.slice(0, Math.max(0, historic.length - limit))) world.api.delete(REVISION, old.metadata.namespace, old.metadata.name);
  return current;
}
