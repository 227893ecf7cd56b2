/**
 * The CronJob controller against 1.32's (pkg/controller/cronjob/cronjob_controllerv2.go;
 * https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/), on the virtual clock.
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";
import type { CronJob } from "./cronjob.js";
import type { Job } from "./job.js";

const CJ = kindNamed("CronJob")!;
const JOB = kindNamed("Job")!;

function cronJob(spec: Record<string, unknown>, script = "echo hi") {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "tick" },
    spec: { schedule: "*/5 * * * *", ...spec, jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "c", image: "busybox", command: ["sh", "-c", script] }] } } } } },
  };
}
const jobs = (world: World) => world.api.list<Job>(JOB, "default").map((j) => j.metadata.name).sort();

describe("CronJob controller", () => {
  it("creates NAME-<scheduled minute since the epoch> at each scheduled time, with the scheduled-timestamp annotation", () => {
    const world = createWorld("default");
    expect(world.api.create(CJ, cronJob({}) as never, "default").ok).toBe(true);
    world.advance(11 * 60);
    const names = jobs(world);
    expect(names.length).toBeGreaterThanOrEqual(2);
    for (const name of names) {
      const minute = Number(name.slice("tick-".length));
      expect(minute % 5).toBe(0);
      const j = world.api.find<Job>(JOB, "default", name)!;
      expect(j.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe(new Date(minute * 60_000).toISOString().replace(".000Z", "Z"));
    }
    const cj = world.api.find<CronJob>(CJ, "default", "tick")!;
    expect(cj.status?.lastScheduleTime).toBe(new Date(Number(names.at(-1)!.slice(5)) * 60_000).toISOString().replace(".000Z", "Z"));
    expect(cj.status?.lastSuccessfulTime).toBeDefined();
  });

  it("keeps successfulJobsHistoryLimit finished jobs", () => {
    const world = createWorld("default");
    world.api.create(CJ, cronJob({ schedule: "* * * * *", successfulJobsHistoryLimit: 2 }) as never, "default");
    world.advance(10 * 60);
    expect(jobs(world)).toHaveLength(2);
  });

  it("suspend: no jobs at all", () => {
    const world = createWorld("default");
    world.api.create(CJ, cronJob({ schedule: "* * * * *", suspend: true }) as never, "default");
    world.advance(5 * 60);
    expect(jobs(world)).toEqual([]);
  });

  it("Forbid skips a run while the previous one is active; Replace deletes it and starts the new one", () => {
    const forbid = createWorld("default");
    forbid.api.create(CJ, cronJob({ schedule: "* * * * *", concurrencyPolicy: "Forbid" }, "sleep 3600") as never, "default");
    forbid.advance(5 * 60);
    expect(jobs(forbid)).toHaveLength(1);
    const replace = createWorld("default");
    replace.api.create(CJ, cronJob({ schedule: "* * * * *", concurrencyPolicy: "Replace" }, "sleep 3600") as never, "default");
    replace.advance(5 * 60);
    const live = replace.api.list<Job>(JOB, "default").filter((j) => !j.metadata.deletionTimestamp);
    expect(live).toHaveLength(1);
    expect(replace.api.find<CronJob>(CJ, "default", "tick")!.status?.active?.map((r) => r.name)).toEqual([live[0]!.metadata.name]);
  });

  it("the API server refuses a schedule robfig/cron refuses, and TZ= on create", () => {
    const world = createWorld("default");
    const bad = world.api.create(CJ, cronJob({ schedule: "61 * * * *" }) as never, "default");
    expect(!bad.ok && bad.error.message).toBe('CronJob.batch "tick" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
    const tz = world.api.create(CJ, cronJob({ schedule: "TZ=UTC 0 * * * *" }) as never, "default");
    expect(!tz.ok && tz.error.message).toContain("cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
  });
});
