/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished, 1.32): a
 * finished Job with spec.ttlSecondsAfterFinished is deleted that many seconds
 * after it finished (its Complete or Failed condition's lastTransitionTime),
 * with Foreground propagation so its pods go first.
 * https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/
 */
import { kindNamed } from "../api/kinds.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { isJobFinished, type Job } from "./job.js";
import { parseTimestamp } from "../core/clock.js";

const JOB = kindNamed("Job")!;

/** When a finished Job with a TTL is due for deletion, else undefined. */
function expiresAt(job: Job): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || job.metadata.deletionTimestamp) return undefined;
  const kind = isJobFinished(job);
  if (!kind) return undefined;
  const finished = job.status?.conditions?.find((c) => c.type === kind && c.status === "True")?.lastTransitionTime;
  return finished ? parseTimestamp(finished) + ttl * 1000 : undefined;
}

export class TtlAfterFinishedController implements Loop<World> {
  readonly name = "ttl-after-finished-controller";
  /** When reconcile last ran: an expiry since then must still wake the world (not snapshotted, see JobController). */
  private lastSyncAt = 0;

  nextWakeAt(world: World): number | undefined {
    let earliest: number | undefined;
    for (const job of world.api.list<Job>(JOB)) {
      const at = expiresAt(job);
      if (at !== undefined && at > this.lastSyncAt && (earliest === undefined || at < earliest)) earliest = at;
    }
    return earliest;
  }

  reconcile(world: World): boolean {
    this.lastSyncAt = world.clock.now();
    let changed = false;
    for (const job of world.api.list<Job>(JOB)) {
      const at = expiresAt(job);
      if (at === undefined || at > world.clock.now()) continue;
      changed = world.api.delete(JOB, job.metadata.namespace, job.metadata.name, { propagationPolicy: "Foreground" }).ok || changed;
    }
    return changed;
  }
}
