// kubectl create job / create cronjob (create_job.go, create_cronjob.go, 1.32): client-side output
// byte for byte against the real client's (testdata/record.sh), and the Job made --from a CronJob.
import { describe, expect, it } from "vitest";
import { golden, kubectlSession } from "./testing.js";

describe("kubectl create job and create cronjob", () => {
  it.each([
    ["create job once --image=busybox --dry-run=client -o yaml -- echo hi", "create-job.yaml.golden"],
    ["create cronjob tick --image=busybox --schedule='*/5 * * * *' --dry-run=client -o yaml -- date", "create-cronjob.yaml.golden"],
    ["create cronjob tick --image=busybox --schedule='@hourly' --restart=Never --dry-run=client -o json", "create-cronjob-never.json.golden"],
  ])("kubectl %s matches the real client", async (cmd, file) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(golden(file));
  });

  it.each([
    ["create job x --dry-run=client", "error: either --image or --from must be specified\n"],
    ["create job x --image=a --from=cronjob/y --dry-run=client", "error: either --image or --from must be specified\n"],
    ["create job x --from=cronjob/y -- echo", "error: cannot specify --from and command\n"],
    ["create cronjob x --image=busybox", 'error: required flag(s) "schedule" not set\n'],
  ])("kubectl %s fails as the real client does", async (cmd, stderr) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stderr, exitCode: 1 });
  });

  it("--from=cronjob/NAME copies the job template, marks it instantiate: manual, and the Job controller runs it", async () => {
    const s = kubectlSession();
    await s.run("kubectl create cronjob tick --image=busybox --schedule='0 0 1 1 *' -- echo hi");
    const r = await s.run("kubectl create job now --from=cronjob/tick");
    expect(r).toMatchObject({ stdout: "job.batch/now created\n", stderr: "", exitCode: 0 });
    expect((await s.run("kubectl get job now -o jsonpath='{.metadata.annotations}{\" \"}{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}'")).stdout).toBe('{"cronjob.kubernetes.io/instantiate":"manual"} CronJob/tick');
    await s.run("sleep 30");
    expect((await s.run("kubectl get job now -o jsonpath={.status.succeeded}")).stdout).toBe("1");
    const missing = await s.run("kubectl create job later --from=cronjob/nope");
    expect(missing.stderr).toBe('Error from server (NotFound): cronjobs.batch "nope" not found\n');
  });
});
