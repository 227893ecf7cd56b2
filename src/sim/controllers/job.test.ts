/**
 * The Job controller against kube-controller-manager 1.32's behaviour
 * (pkg/controller/job/job_controller.go; https://kubernetes.io/docs/concepts/workloads/controllers/job/).
 * Pods' exit codes come from the container process model: busybox `sh -c 'exit 1'` fails.
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";
import type { Job } from "./job.js";

const POD = kindNamed("Pod")!;
const JOB = kindNamed("Job")!;

function job(name: string, script: string, spec: Record<string, unknown> = {}, restartPolicy = "Never") {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name },
    spec: { ...spec, template: { spec: { restartPolicy, containers: [{ name: "main", image: "busybox:1.37", command: ["sh", "-c", script] }] } } },
  };
}

function run(world: World, manifest: object, seconds: number): Job {
  const created = world.api.create(JOB, manifest as never, "default");
  expect(created.ok, JSON.stringify(created)).toBe(true);
  world.advance(seconds);
  return world.api.find<Job>(JOB, "default", (manifest as { metadata: { name: string } }).metadata.name)!;
}

const podsOf = (world: World, name: string) => world.api.list<Pod>(POD, "default").filter((p) => p.metadata.labels?.["batch.kubernetes.io/job-name"] === name);
const conditionTypes = (j: Job) => (j.status?.conditions ?? []).map((c) => `${c.type}:${c.reason}`);

describe("Job controller", () => {
  it("the API server generates the selector and template labels from the uid (job strategy generateSelectorIfNeeded)", () => {
    const world = createWorld("default");
    const j = run(world, job("gen", "exit 0"), 0);
    const uid = j.metadata.uid;
    expect(j.spec).toMatchObject({ selector: { matchLabels: { "batch.kubernetes.io/controller-uid": uid } } });
    expect((j.spec as { template: { metadata: { labels: object } } }).template.metadata.labels).toEqual({
      "batch.kubernetes.io/controller-uid": uid,
      "batch.kubernetes.io/job-name": "gen",
      "controller-uid": uid,
      "job-name": "gen",
    });
  });

  it("runs completions pods, parallelism at a time, then SuccessCriteriaMet and Complete with CompletionsReached", () => {
    const world = createWorld("default");
    const j = run(world, job("work", "echo done", { completions: 4, parallelism: 2 }), 5);
    expect(j.status?.active ?? 0).toBeLessThanOrEqual(2);
    world.advance(60);
    const done = world.api.find<Job>(JOB, "default", "work")!;
    expect(done.status?.succeeded).toBe(4);
    expect(podsOf(world, "work")).toHaveLength(4);
    expect(conditionTypes(done)).toEqual(["SuccessCriteriaMet:CompletionsReached", "Complete:CompletionsReached"]);
    expect(done.status?.conditions?.[1]?.message).toBe("Reached expected number of succeeded pods");
    expect(done.status?.completionTime).toBeDefined();
    expect(done.status).toMatchObject({ ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(done.status?.active).toBeUndefined();
    const reasons = world.api.list(kindNamed("Event")!, "default").filter((e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === "work").map((e) => (e as { reason?: string }).reason);
    expect(reasons.filter((r) => r === "SuccessfulCreate")).toHaveLength(4);
    expect(reasons).toContain("Completed");
  });

  it("a pod that exits 1 is replaced after the back-off, and the job fails BackoffLimitExceeded once failed > backoffLimit", () => {
    const world = createWorld("default");
    run(world, job("bad", "exit 1", { backoffLimit: 2 }), 5);
    expect(podsOf(world, "bad").filter((p) => p.status?.phase === "Failed")).toHaveLength(1);
    // The replacement waits 10 s after the first failure, 20 s after the second (10 s doubling).
    world.advance(3);
    expect(podsOf(world, "bad")).toHaveLength(1);
    world.advance(12);
    expect(podsOf(world, "bad")).toHaveLength(2);
    world.advance(120);
    const failed = world.api.find<Job>(JOB, "default", "bad")!;
    expect(failed.status?.failed).toBe(3);
    expect(podsOf(world, "bad")).toHaveLength(3);
    expect(conditionTypes(failed)).toEqual(["FailureTarget:BackoffLimitExceeded", "Failed:BackoffLimitExceeded"]);
    expect(failed.status?.conditions?.[1]?.message).toBe("Job has reached the specified backoff limit");
    expect(failed.status?.completionTime).toBeUndefined();
  });

  it("activeDeadlineSeconds ends a running job with DeadlineExceeded and deletes its pods", () => {
    const world = createWorld("default");
    run(world, job("slow", "sleep 3600", { activeDeadlineSeconds: 20 }), 10);
    expect(podsOf(world, "slow").filter((p) => p.status?.phase === "Running")).toHaveLength(1);
    world.advance(60);
    const j = world.api.find<Job>(JOB, "default", "slow")!;
    expect(conditionTypes(j)).toEqual(["FailureTarget:DeadlineExceeded", "Failed:DeadlineExceeded"]);
    expect(j.status?.failed).toBe(1);
    expect(podsOf(world, "slow")).toHaveLength(0);
  });

  it("Indexed: one pod per index named JOB-INDEX-xxxxx with the completion-index annotation, hostname and env", () => {
    const world = createWorld("default");
    run(world, job("idx", "echo $JOB_COMPLETION_INDEX", { completions: 3, parallelism: 3, completionMode: "Indexed" }), 0);
    world.reconcile();
    const pods = podsOf(world, "idx");
    expect(pods.map((p) => p.metadata.annotations?.["batch.kubernetes.io/job-completion-index"]).sort()).toEqual(["0", "1", "2"]);
    for (const p of pods) {
      const ix = p.metadata.annotations!["batch.kubernetes.io/job-completion-index"];
      expect(p.metadata.name).toMatch(new RegExp(`^idx-${ix}-[a-z0-9]{5}$`));
      expect(p.spec?.hostname).toBe(`idx-${ix}`);
      expect(p.spec?.containers[0]?.env).toContainEqual({ name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } });
    }
    world.advance(30);
    expect(world.api.find<Job>(JOB, "default", "idx")!.status).toMatchObject({ succeeded: 3, completedIndexes: "0-2" });
  });

  it("podFailurePolicy FailJob on an exit code fails the job at once with reason PodFailurePolicy", () => {
    const world = createWorld("default");
    const policy = { rules: [{ action: "FailJob", onExitCodes: { containerName: "main", operator: "In", values: [42] } }] };
    run(world, job("pfp", "exit 42", { backoffLimit: 6, podFailurePolicy: policy }), 20);
    const j = world.api.find<Job>(JOB, "default", "pfp")!;
    expect(conditionTypes(j)).toEqual(["FailureTarget:PodFailurePolicy", "Failed:PodFailurePolicy"]);
    expect(j.status?.conditions?.[0]?.message).toMatch(/^Container main for pod default\/pfp-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/);
  });

  it("ttlSecondsAfterFinished deletes the finished job and its pods", () => {
    const world = createWorld("default");
    run(world, job("ttl", "exit 0", { ttlSecondsAfterFinished: 30 }), 10);
    expect(world.api.find<Job>(JOB, "default", "ttl")).toBeDefined();
    world.advance(60);
    expect(world.api.find<Job>(JOB, "default", "ttl")).toBeUndefined();
    expect(podsOf(world, "ttl")).toHaveLength(0);
  });
});
