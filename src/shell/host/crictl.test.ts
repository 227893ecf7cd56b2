/**
 * crictl on a host (issue 5 §1), against cri-tools v1.32's source: the column headers of
 * container.go OutputContainers / sandbox.go OutputPodSandboxes / image.go, IDs cut by
 * getTruncatedID to truncatedIDLen = 13, containers newest first (containerByCreated), only
 * running ones without -a, logs.go's `logs` (--tail, -p), and main.go's deprecation warnings when no endpoint is configured.
 */
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const header = (out: string) => out.split("\n")[0]!.split(/\s{2,}/);
const rows = (out: string) => out.trimEnd().split("\n").slice(1).map((l) => l.split(/\s{2,}/));

const POD = (name: string, image: string, extra: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  nodeName: node01
${extra}  containers:
  - name: ${name}
    image: ${image}
`;

async function cluster() {
  const s = new Session({ cwd: "/nonexistent-kadet-root" });
  for (const manifest of [POD("web", "nginx:1.27", ""), POD("once", "busybox", "  restartPolicy: Never\n")]) {
    const r = await s.run(`kubectl apply -f - <<'EOF'\n${manifest}EOF`);
    expect(r.exitCode).toBe(0);
  }
  await s.run("sleep 30");
  return s;
}

describe("crictl", { timeout: 30_000 }, () => {
  it("ps: cri-tools' headers, 13-character IDs that are the pod's containerID, running containers only", async () => {
    const s = await cluster();
    const containerId = (await s.run("kubectl get pod web -o jsonpath='{.status.containerStatuses[0].containerID}'")).stdout.replace("containerd://", "");
    await s.run("ssh node01");
    const r = await s.run("crictl ps");
    expect(r.exitCode).toBe(0);
    expect(header(r.stdout)).toEqual(["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD", "NAMESPACE"]);
    const web = rows(r.stdout).find((row) => row[4] === "web")!;
    expect(web[0]).toBe(containerId.slice(0, 13));
    expect(web[0]).toHaveLength(13);
    expect(web[1]).toMatch(/^[0-9a-f]{13}$/);
    expect(web[3]).toBe("Running");
    expect([web[7], web[8]]).toEqual(["web", "default"]);
    // Only node01's containers: kube-proxy's DaemonSet pod is here, the control plane's are not.
    expect(rows(r.stdout).map((row) => row[4])).toContain("kube-proxy");
    expect(rows(r.stdout).map((row) => row[4])).not.toContain("kube-apiserver");
    expect(rows(r.stdout).map((row) => row[4])).not.toContain("once");
    // Newest first.
    expect(rows(r.stdout)[0]![4]).toBe("web");
  });

  it("ps -a adds exited containers", async () => {
    const s = await cluster();
    await s.run("ssh node01");
    const once = rows((await s.run("crictl ps -a")).stdout).find((row) => row[4] === "once");
    expect(once?.[3]).toBe("Exited");
  });

  it("on controlplane, ps shows the static pods' containers", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    await s.run("ssh controlplane");
    const names = rows((await s.run("crictl ps")).stdout).map((row) => row[4]);
    expect(names).toEqual(expect.arrayContaining(["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]));
  });

  it("pods: sandbox headers and states; images: IMAGE TAG IMAGE ID SIZE with the IDs ps shows", async () => {
    const s = await cluster();
    await s.run("ssh node01");
    const pods = await s.run("crictl pods");
    expect(header(pods.stdout)).toEqual(["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]);
    const web = rows(pods.stdout).find((row) => row[3] === "web")!;
    expect([web[2], web[4], web[5], web[6]]).toEqual(["Ready", "default", "0", "(default)"]);
    expect(rows(pods.stdout).find((row) => row[3] === "once")?.[2]).toBe("NotReady");
    const images = await s.run("crictl images");
    expect(header(images.stdout)).toEqual(["IMAGE", "TAG", "IMAGE ID", "SIZE"]);
    const nginx = rows(images.stdout).find((row) => row[0] === "docker.io/library/nginx" && row[1] === "1.27")!;
    expect(nginx[3]).toMatch(/^\d+(\.\d+)?MB$/);
    const psImage = rows((await s.run("crictl ps")).stdout).find((row) => row[4] === "web")![1];
    expect(nginx[2]).toBe(psImage);
  });

  it("warns about default endpoints as crictl does without /etc/crictl.yaml, and not once it names one", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    await s.run("ssh node01");
    expect((await s.run("crictl pods")).stderr).toBe(
      "WARN[0000] runtime connect using default endpoints: [unix:///run/containerd/containerd.sock unix:///run/crio/crio.sock unix:///var/run/cri-dockerd.sock]. As the default settings are now deprecated, you should set the endpoint instead.\n",
    );
    await s.run("echo 'runtime-endpoint: unix:///run/containerd/containerd.sock' > /etc/crictl.yaml");
    expect((await s.run("crictl ps")).stderr).toBe("");
  });

  it("logs: a container's log by its short ID, as kubectl logs shows it; --tail; an unknown ID fails as containerd answers", async () => {
    const s = await cluster();
    const fromKubectl = (await s.run("kubectl logs web")).stdout;
    expect(fromKubectl).not.toBe("");
    await s.run("ssh node01");
    const id = rows((await s.run("crictl ps")).stdout).find((row) => row[4] === "web")![0]!;
    const r = await s.run(`crictl logs ${id}`);
    expect([r.exitCode, r.stdout]).toEqual([0, fromKubectl]);
    const lastLine = fromKubectl.trimEnd().split("\n").pop();
    expect((await s.run(`crictl logs --tail 1 ${id}`)).stdout).toBe(`${lastLine}\n`);
    expect((await s.run(`crictl logs -p ${id}`)).stderr).toBe("FATA[0000] previous terminated container web not found\n");
    expect((await s.run("crictl logs 0000deadbeef")).stderr).toBe('FATA[0000] rpc error: code = NotFound desc = an error occurred when try to find container "0000deadbeef": not found\n');
  });

  it("other subcommands and filters say they are not simulated; off a host it points to ssh", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    expect((await s.run("crictl ps")).stderr).toMatch(/^kadet: 'crictl' runs on the cluster's machines/);
    await s.run("ssh node01");
    expect(await s.run("crictl exec abc ls")).toEqual({ stdout: "", stderr: "kadet: 'crictl exec' is not simulated yet\n", exitCode: 1 });
    expect((await s.run("crictl ps --name web")).stderr).toBe("kadet: 'crictl ps --name' is not simulated yet (kadet models plain listings with -a, -q and --no-trunc)\n");
  });
});
