/**
 * The session's environment through the learner's commands: several clusters
 * by kubeconfig context (`sim context add`, `kubectl --context`,
 * `kubectl config use-context|get-contexts|current-context`, messages as
 * kubectl 1.32 prints them), and an environment snapshot that survives JSON.
 */
import { describe, expect, it } from "vitest";
import { HELP_TEXTS } from "./kubectl/help-texts.js";
import { Session } from "./session.js";

describe("contexts", () => {
  it("a second cluster is reached by --context and by use-context, and keeps its own objects", async () => {
    const s = new Session({ cwd: "/tmp" });
    expect((await s.run("sim context add k8s-c2 --preset bare")).exitCode).toBe(0);
    expect((await s.run("kubectl config get-contexts")).stdout).toBe(
      "CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n" +
        "          k8s-c2                        k8s-c2       k8s-c2-admin       \n" +
        "*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n",
    );
    expect((await s.run("kubectl --context k8s-c2 get nodes")).stderr).toBe("No resources found\n");
    expect((await s.run("kubectl config use-context k8s-c2")).stdout).toBe('Switched to context "k8s-c2".\n');
    expect((await s.run("kubectl config current-context")).stdout).toBe("k8s-c2\n");
    await s.run("kubectl create configmap only-here --from-literal=a=1");
    expect((await s.run("kubectl --context kubernetes-admin@kubernetes get cm only-here")).stderr).toBe(
      'Error from server (NotFound): configmaps "only-here" not found\n',
    );
    expect((await s.run("kubectl get cm only-here -o name")).stdout).toBe("configmap/only-here\n");
  });

  it("use-context errors as kubectl 1.32 (recorded)", async () => {
    const s = new Session({ cwd: "/tmp" });
    expect(await s.run("kubectl config use-context nope")).toEqual({ stdout: "", stderr: 'error: no context exists with the name: "nope"\n', exitCode: 1 });
    expect(await s.run("kubectl config use-context")).toEqual({ stdout: HELP_TEXTS["config-use-context"], stderr: "error: Unexpected args: []\n", exitCode: 1 });
    expect((await s.run("kubectl get pods --context nope")).stderr).toBe("Error in configuration: context was not found for specified context: nope\n");
  });

  it("sim reset returns to one cluster", async () => {
    const s = new Session({ cwd: "/tmp" });
    await s.run("sim context add c2");
    await s.run("sim reset");
    expect((await s.run("kubectl config get-contexts -o name")).stdout).toBe("kubernetes-admin@kubernetes\n");
  });
});

describe("the kubeconfig file drives kubectl (issue 5 §1)", () => {
  it("set-context --current --namespace=dev: kubectl get pods lists dev", async () => {
    const s = new Session({ cwd: "/tmp" });
    await s.run("kubectl create namespace dev");
    await s.run("kubectl -n dev run only-in-dev --image=nginx:1.27");
    expect((await s.run("kubectl config set-context --current --namespace=dev")).stdout).toBe('Context "kubernetes-admin@kubernetes" modified.\n');
    expect((await s.run("kubectl get pods -o name")).stdout).toBe("pod/only-in-dev\n");
    // -n still wins over the context's namespace.
    expect((await s.run("kubectl get pods -n default -o name")).stderr).toBe("No resources found in default namespace.\n");
  });

  it("sim context add writes cluster, user and context into ~/.kube/config; editing the file switches clusters", async () => {
    const s = new Session({ cwd: "/tmp" });
    await s.run("sim context add k8s-c2 --preset bare");
    const file = (await s.run("cat ~/.kube/config")).stdout;
    expect(file).toContain("  name: k8s-c2\n");
    expect(file).toContain("    server: https://192.168.1.10:6443\n");
    expect(file).toContain("- name: k8s-c2-admin\n");
    // An edit outside kubectl (sed on the file) changes what kubectl and the graders see.
    await s.run("sed -i 's/^current-context: .*/current-context: k8s-c2/' ~/.kube/config");
    expect((await s.run("kubectl config current-context")).stdout).toBe("k8s-c2\n");
    expect((await s.run("kubectl get nodes")).stderr).toBe("No resources found\n");
    expect(s.world).toBe(s.environment.clusterAt("https://192.168.1.10:6443")!.world);
    // KUBECONFIG and --kubeconfig point kubectl at another file.
    await s.run("kubectl config view --raw > /tmp/main.conf && kubectl --kubeconfig /tmp/main.conf config use-context kubernetes-admin@kubernetes");
    expect((await s.run("KUBECONFIG=/tmp/main.conf kubectl get nodes -o name")).stdout).toBe("node/controlplane\nnode/node01\nnode/node02\n");
    expect((await s.run("kubectl config current-context")).stdout).toBe("k8s-c2\n");
  });

  it("kubectl on a host of the second cluster reaches that cluster: its kubeconfigs name its own API server", async () => {
    const s = new Session({ cwd: "/tmp" });
    await s.run("sim context add k8s-c2");
    await s.run("kubectl config use-context k8s-c2");
    await s.run("kubectl create configmap only-in-c2");
    await s.run("ssh controlplane");
    expect((await s.run("grep server: /etc/kubernetes/admin.conf")).stdout).toBe("    server: https://192.168.1.10:6443\n");
    expect((await s.run("kubectl get cm only-in-c2 -o name")).stdout).toBe("configmap/only-in-c2\n");
    await s.run("exit");
  });

  it("a context with another user is authenticated, never run as the admin: a token no ServiceAccount issued is a 401", async () => {
    const s = new Session({ cwd: "/tmp" });
    await s.run("kubectl config set-credentials jane --token=t && kubectl config set-context jane --cluster=kubernetes --user=jane");
    const r = await s.run("kubectl --context jane get pods");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("error: You must be logged in to the server (Unauthorized)\n");
  });

  it("a server no cluster answers at is refused, as a closed port is", async () => {
    const s = new Session({ cwd: "/tmp" });
    await s.run("kubectl config set clusters.kubernetes.server https://192.168.0.10:6444");
    const r = await s.run("kubectl get pods");
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split("\n").at(-2)).toBe("The connection to the server 192.168.0.10:6444 was refused - did you specify the right host or port?");
  });
});

describe("environment snapshot and restore through JSON", () => {
  const first = [
    "sim context add k8s-c2",
    "kubectl create deployment web --image=nginx:1.27 --replicas=3",
    "kubectl --context k8s-c2 run solo --image=busybox:1.36 -- sleep 3600",
    "kubectl scale deploy web --replicas=5",
    "kubectl create configmap cfg --from-literal=a=1",
    "kubectl config use-context k8s-c2",
    "kubectl taint nodes node01 k=v:NoSchedule",
    "kubectl create deployment api --image=httpd:2.4 --replicas=2",
    "sim clock advance 2m",
  ];
  const after = [
    "kubectl get pods -o wide",
    "kubectl config use-context kubernetes-admin@kubernetes",
    "kubectl set image deploy/web nginx=nginx:1.26",
    "kubectl rollout status deploy/web",
    "kubectl get rs,deploy,pods -o wide",
    "kubectl --context k8s-c2 describe deploy api",
    "kubectl get events -A",
    "sim clock",
  ];

  it("a restored environment answers the next commands exactly as the unbroken one", async () => {
    const unbroken = new Session({ cwd: "/tmp" });
    for (const line of first) await unbroken.run(line);
    const saved = JSON.stringify(unbroken.environment.snapshot());

    const resumed = new Session({ cwd: "/tmp" });
    resumed.environment.load(JSON.parse(saved));
    for (const line of after) {
      const [a, b] = [await unbroken.run(line), await resumed.run(line)];
      expect(b, line).toEqual(a);
    }
  });
});
