/**
 * A broken static pod manifest on the control-plane host (the CKA troubleshooting case,
 * https://kubernetes.io/docs/tasks/debug/debug-cluster/#looking-at-logs): the component exits at
 * start, the kubelet restarts it in a crash loop, `crictl ps -a` shows it Exited and `crictl logs`
 * what the binary printed (component-base cli/run.go: `Error: ...` for a flag parse error, klog's
 * `"command failed" err=...` later); kubectl is refused while the API server is down, and a fixed
 * manifest brings the component back.
 */
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const APISERVER = "/etc/kubernetes/manifests/kube-apiserver.yaml";
const SCHEDULER = "/etc/kubernetes/manifests/kube-scheduler.yaml";

async function logsOf(s: Session, name: string): Promise<string> {
  const ps = (await s.run("crictl ps -a")).stdout.split("\n").filter((l) => l.includes(` ${name} `));
  const id = ps[0]!.split(/ +/)[0]!;
  return (await s.run(`crictl logs ${id}`)).stdout;
}

describe("a broken control-plane manifest", () => {
  it("kube-apiserver with an unknown flag: Exited, `Error: unknown flag: --foo`, kubectl refused; fixed, it serves again", async () => {
    const s = new Session({ preset: "default" });
    await s.run("ssh controlplane");
    await s.run(`cp ${APISERVER} /root/kube-apiserver.yaml.bak`);
    await s.run(`sed -i 's/- --allow-privileged=true/- --allow-privileged=true\\n    - --foo=bar/' ${APISERVER}`);
    await s.run("sim clock advance 20s");
    const row = (await s.run("crictl ps -a")).stdout.split("\n").find((l) => l.includes(" kube-apiserver "))!;
    expect(row).toMatch(/ Exited +kube-apiserver +\d+ /);
    expect(await logsOf(s, "kube-apiserver")).toBe("Error: unknown flag: --foo\n");
    await s.run("exit");
    const refused = await s.run("kubectl get nodes");
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/The connection to the server 192\.168\.0\.10:6443 was refused - did you specify the right host or port\?\n$/);
    await s.run("ssh controlplane");
    await s.run(`cp /root/kube-apiserver.yaml.bak ${APISERVER}`);
    await s.run("exit");
    await s.run("sim clock advance 20s");
    expect((await s.run("kubectl get nodes --no-headers")).stdout).toMatch(/^controlplane +Ready/);
  });

  it("kube-apiserver with a certificate path that does not exist: serving.go's error through run.go's klog line", async () => {
    const s = new Session({ preset: "default" });
    await s.run("ssh controlplane");
    await s.run(`sed -i 's#--tls-cert-file=/etc/kubernetes/pki/apiserver.crt#--tls-cert-file=/etc/kubernetes/pki/bad.crt#' ${APISERVER}`);
    await s.run("sim clock advance 20s");
    expect(await logsOf(s, "kube-apiserver")).toMatch(
      /^E\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 run\.go:72\] "command failed" err="unable to load server certificate: open \/etc\/kubernetes\/pki\/bad\.crt: no such file or directory"\n$/,
    );
  });

  it("a file that exists on the host but outside the pod's hostPath mounts is missing for the container too", async () => {
    const s = new Session({ preset: "default" });
    await s.run("ssh controlplane");
    await s.run("cp /etc/kubernetes/pki/apiserver.crt /root/apiserver.crt");
    await s.run(`sed -i 's#--tls-cert-file=/etc/kubernetes/pki/apiserver.crt#--tls-cert-file=/root/apiserver.crt#' ${APISERVER}`);
    await s.run("sim clock advance 20s");
    expect(await logsOf(s, "kube-apiserver")).toContain("open /root/apiserver.crt: no such file or directory");
  });

  it("kube-scheduler with a misspelt flag: crash loop, pods stay Pending without events; fixed, they are scheduled", async () => {
    const s = new Session({ preset: "default" });
    await s.run("ssh controlplane");
    await s.run(`sed -i 's/--leader-elect=true/--leader-elected=true/' ${SCHEDULER}`);
    await s.run("exit");
    await s.run("sim clock advance 20s");
    await s.run("kubectl run web --image=nginx");
    await s.run("sim clock advance 30s");
    expect((await s.run("kubectl get pod web --no-headers")).stdout).toMatch(/^web +0\/1 +Pending/);
    expect((await s.run("kubectl get events --field-selector involvedObject.name=web")).stdout).toBe("");
    expect((await s.run("kubectl get pods -n kube-system kube-scheduler-controlplane --no-headers")).stdout).toMatch(/0\/1 +(CrashLoopBackOff|Error)/);
    await s.run("ssh controlplane");
    const logs = await logsOf(s, "kube-scheduler");
    expect(logs.split("\n").at(-2)).toBe("Error: unknown flag: --leader-elected");
    await s.run(`sed -i 's/--leader-elected=true/--leader-elect=true/' ${SCHEDULER}`);
    await s.run("exit");
    await s.run("sim clock advance 20s");
    expect((await s.run("kubectl get pod web --no-headers")).stdout).toMatch(/^web +1\/1 +Running/);
  });
});
