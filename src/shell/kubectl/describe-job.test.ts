// `kubectl get jobs` and `kubectl describe job` of a Job the controller ran (kubectl 1.32's printJob
// and describeJob): the generated selector and labels, Start Time / Completed At / Duration and the
// pod counts with (N Ready), as https://kubernetes.io/docs/concepts/workloads/controllers/job/ shows.
import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";

const job = `apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox, command: [sh, -c, "echo hi; sleep 10"]}]
`;

describe("a Job run by the controller, through kubectl", () => {
  it("get jobs: Running 0/3 first, then Complete 3/3 with the run's duration", async () => {
    const s = kubectlSession();
    await s.run(`cat <<'EOF' | kubectl apply -f -\n${job}EOF`);
    expect((await s.run("kubectl get jobs")).stdout).toBe("NAME   STATUS    COMPLETIONS   DURATION   AGE\nonce   Running   0/3           5s         5s\n");
    await s.run("sleep 60");
    expect((await s.run("kubectl get jobs")).stdout).toMatch(/^NAME {3}STATUS {5}COMPLETIONS {3}DURATION {3}AGE\nonce {3}Complete {3}3\/3 {11}2\ds {8}\d+s\n$/);
  });

  it("describe job: generated selector and labels, times, pod statuses and the controller's events", async () => {
    const s = kubectlSession();
    await s.run(`cat <<'EOF' | kubectl apply -f -\n${job}EOF`);
    await s.run("sleep 60");
    const out = (await s.run("kubectl describe job once")).stdout;
    const uid = (await s.run("kubectl get job once -o jsonpath={.metadata.uid}")).stdout;
    expect(out).toContain(`Selector:         batch.kubernetes.io/controller-uid=${uid}\n`);
    expect(out).toContain(`Labels:           batch.kubernetes.io/controller-uid=${uid}\n                  batch.kubernetes.io/job-name=once\n                  controller-uid=${uid}\n                  job-name=once\n`);
    expect(out).toMatch(/\nStart Time: {7}\w{3}, \d\d \w{3} \d{4} [\d:]{8} \+0000\nCompleted At: {5}.+\nDuration: {9}2\ds\nPods Statuses: {4}0 Active \(0 Ready\) \/ 3 Succeeded \/ 0 Failed\n/);
    expect(out.match(/Normal {2}SuccessfulCreate .* job-controller {2}Created pod: once-[a-z0-9]{5}\n/g)).toHaveLength(3);
    expect(out).toMatch(/Normal {2}Completed {9}.* job-controller {2}Job completed\n$/);
  });

  it("get cronjobs: SUSPEND through printBoolPtr (False, not false), and the jobs it starts on schedule", async () => {
    const s = kubectlSession();
    const cj = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: tick}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: c, image: busybox, command: [echo, hi]}]\n';
    await s.run(`cat <<'EOF' | kubectl apply -f -\n${cj}EOF`);
    await s.run("sleep 70");
    const out = (await s.run("kubectl get cj")).stdout;
    expect(out).toMatch(/^NAME {3}SCHEDULE {4}TIMEZONE {3}SUSPEND {3}ACTIVE {3}LAST SCHEDULE {3}AGE\ntick {3}\* \* \* \* \* {3}<none> {5}False {5}[01] {8}\d+s {13}\d+s\n$/);
    expect((await s.run("kubectl get jobs -o name")).stdout).toMatch(/^job\.batch\/tick-\d{8}\n/);
  });
});
