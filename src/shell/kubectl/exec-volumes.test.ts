/**
 * What a container sees of its volumes and environment, end to end through
 * `kubectl exec` (https://kubernetes.io/docs/concepts/configuration/configmap/,
 * /secret/, /storage/volumes/): the atomic writer's layout, updates on the
 * kubelet's sync period, subPath and env fixed at container start, immutable
 * objects, hostPath on the node's own files.
 */
import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";
import type { Session } from "../session.js";

async function apply(s: Session, yaml: string): Promise<void> {
  await s.run(`cat > m.yaml <<'EOF'\n${yaml}EOF`);
  const applied = await s.run("kubectl apply -f m.yaml");
  expect(applied.exitCode, applied.stderr).toBe(0);
}

const CONFIG_POD = `apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sleep, "3600"]
    env:
    - {name: COLOR, valueFrom: {configMapKeyRef: {name: settings, key: color}}}
    - {name: MISSING, valueFrom: {configMapKeyRef: {name: nope, key: x, optional: true}}}
    - {name: BANNER, value: "color is $(COLOR)"}
    envFrom:
    - {prefix: CFG_, configMapRef: {name: settings}}
    - {secretRef: {name: creds}}
    volumeMounts:
    - {name: settings, mountPath: /etc/settings}
    - {name: settings, mountPath: /etc/color.txt, subPath: color}
    - {name: creds, mountPath: /etc/creds}
    - {name: picked, mountPath: /etc/picked}
  volumes:
  - {name: settings, configMap: {name: settings}}
  - {name: creds, secret: {secretName: creds, defaultMode: 0400}}
  - {name: picked, configMap: {name: settings, items: [{key: color, path: conf/colour}]}}
`;

async function configPod(): Promise<Session> {
  const s = kubectlSession();
  await s.run("kubectl create configmap settings --from-literal=color=blue --from-literal=size=L");
  await s.run("kubectl create secret generic creds --from-literal=password=hunter2");
  await apply(s, CONFIG_POD);
  await s.run("sleep 15");
  return s;
}

describe("ConfigMaps and Secrets in the environment (kubelet_pods.go makeEnvironmentVariables)", () => {
  it("valueFrom, envFrom with a prefix, decoded secrets, $(VAR) expansion; an optional missing reference is skipped", async () => {
    const s = await configPod();
    const env = (await s.run("kubectl exec app -- env")).stdout.split("\n");
    expect(env).toEqual(expect.arrayContaining(["COLOR=blue", "CFG_color=blue", "CFG_size=L", "password=hunter2", "BANNER=color is blue"]));
    expect(env.some((l) => l.startsWith("MISSING="))).toBe(false);
    expect(await s.run("kubectl exec app -- printenv MISSING")).toEqual({ stdout: "", stderr: "command terminated with exit code 1\n", exitCode: 1 });
  });
});

describe("configMap and secret volumes (pkg/volume/util/atomic_writer.go)", () => {
  it("keys are files; ls -a shows ..data and the timestamped folder; secret data is decoded; items pick keys and paths", async () => {
    const s = await configPod();
    expect((await s.run("kubectl exec app -- ls /etc/settings")).stdout).toBe("color\nsize\n");
    const all = (await s.run("kubectl exec app -- ls -a /etc/settings")).stdout.split("\n");
    expect(all.slice(0, 2)).toEqual([".", ".."]);
    expect(all[2]).toMatch(/^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+$/);
    expect(all.slice(3)).toEqual(["..data", "color", "size", ""]);
    // A ConfigMap value has no trailing newline: the file holds exactly the value.
    expect((await s.run("kubectl exec app -- cat /etc/settings/color")).stdout).toBe("blue");
    expect((await s.run("kubectl exec app -- cat /etc/settings/..data/size")).stdout).toBe("L");
    expect((await s.run("kubectl exec app -- cat /etc/creds/password")).stdout).toBe("hunter2");
    expect((await s.run("kubectl exec app -- ls /etc/picked")).stdout).toBe("conf\n");
    expect((await s.run("kubectl exec app -- cat /etc/picked/conf/colour")).stdout).toBe("blue");
  });

  it("such volumes are always mounted read-only", async () => {
    const s = await configPod();
    const r = await s.run("kubectl exec app -- sh -c 'echo red > /etc/settings/color'");
    expect(r.stderr).toBe("sh: can't create /etc/settings/color: Read-only file system\ncommand terminated with exit code 1\n");
  });

  it("an update reaches the mounted files at the next kubelet sync (1 minute), but not env vars nor a subPath mount", async () => {
    const s = await configPod();
    await s.run("kubectl create configmap settings --from-literal=color=red --from-literal=size=L --dry-run=client -o yaml | kubectl apply -f -");
    expect((await s.run("kubectl exec app -- cat /etc/settings/color")).stdout).toBe("blue");
    await s.run("sleep 60");
    expect((await s.run("kubectl exec app -- cat /etc/settings/color")).stdout).toBe("red");
    expect((await s.run("kubectl exec app -- cat /etc/picked/conf/colour")).stdout).toBe("red");
    expect((await s.run("kubectl exec app -- printenv COLOR")).stdout).toBe("blue\n");
    expect((await s.run("kubectl exec app -- cat /etc/color.txt")).stdout).toBe("blue");
    // A new container reads the new values.
    await s.run("kubectl delete pod app");
    await apply(s, CONFIG_POD);
    await s.run("sleep 15");
    expect((await s.run("kubectl exec app -- printenv COLOR")).stdout).toBe("red\n");
    expect((await s.run("kubectl exec app -- cat /etc/color.txt")).stdout).toBe("red");
  });

  it("the node holds the files where the kubelet keeps them, and drops them with the pod", async () => {
    const s = await configPod();
    const uid = (await s.run("kubectl get pod app -o jsonpath={.metadata.uid}")).stdout;
    const node = (await s.run("kubectl get pod app -o jsonpath={.spec.nodeName}")).stdout;
    const host = s.environment.world.hosts.get(node)!;
    const base = `/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~configmap/settings/`;
    expect(Object.keys(host.files).filter((p) => p.startsWith(base)).map((p) => p.slice(base.length).replace(/^\.\.[^/]+/, "..TS"))).toEqual(["..TS/color", "..TS/size"]);
    await s.run("kubectl delete pod app");
    await s.run("sleep 5");
    expect(Object.keys(s.environment.world.hosts.get(node)!.files).some((p) => p.includes(uid))).toBe(false);
  });
});

describe("immutable ConfigMaps and Secrets (ValidateConfigMapUpdate, ValidateSecretUpdate)", () => {
  it("rejects changes to data and to the flag with the API server's message; delete and recreate works", async () => {
    const s = kubectlSession();
    await apply(s, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: frozen}\nimmutable: true\ndata: {a: '1'}\n");
    await s.run("cat > m2.yaml <<'EOF'\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: frozen}\nimmutable: true\ndata: {a: '2'}\nEOF");
    expect((await s.run("kubectl apply -f m2.yaml")).stderr).toBe('The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set\n');
    await s.run("cat > m3.yaml <<'EOF'\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: frozen}\nimmutable: false\ndata: {a: '1'}\nEOF");
    expect((await s.run("kubectl apply -f m3.yaml")).stderr).toBe('The ConfigMap "frozen" is invalid: immutable: Forbidden: field is immutable when `immutable` is set\n');
    await apply(s, "apiVersion: v1\nkind: Secret\nmetadata: {name: sealed}\nimmutable: true\nstringData: {k: v1}\n");
    await s.run("cat > s2.yaml <<'EOF'\napiVersion: v1\nkind: Secret\nmetadata: {name: sealed}\nimmutable: true\nstringData: {k: v2}\nEOF");
    expect((await s.run("kubectl apply -f s2.yaml")).stderr).toBe('The Secret "sealed" is invalid: data: Forbidden: field is immutable when `immutable` is set\n');
    expect((await s.run("kubectl delete configmap frozen")).exitCode).toBe(0);
    expect((await s.run("kubectl apply -f m2.yaml")).stdout).toBe("configmap/frozen created\n");
  });
});

describe("hostPath, subPath and the writable layer", () => {
  const HOST_POD = `apiVersion: v1
kind: Pod
metadata: {name: logger}
spec:
  nodeName: node01
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, "sleep 60"]
    volumeMounts:
    - {name: logs, mountPath: /var/log/app}
    - {name: logs, mountPath: /sub, subPath: nested}
  volumes:
  - {name: logs, hostPath: {path: /srv/logs, type: DirectoryOrCreate}}
`;

  it("a hostPath file written in the container is the node's file; a subPath is a folder inside the volume", async () => {
    const s = kubectlSession();
    await apply(s, HOST_POD);
    await s.run("sleep 10");
    expect((await s.run("kubectl exec logger -- sh -c 'echo started > /var/log/app/app.log && echo deep > /sub/x'")).exitCode).toBe(0);
    const host = s.environment.world.hosts.get("node01")!;
    expect(host.files["/srv/logs/app.log"]).toBe("started\n");
    expect(host.files["/srv/logs/nested/x"]).toBe("deep\n");
    expect((await s.run("kubectl exec logger -- ls /var/log/app")).stdout).toBe("app.log\nnested\n");
  });

  it("a restarted container starts from a fresh writable layer; the volume keeps its files", async () => {
    const s = kubectlSession();
    await apply(s, HOST_POD);
    await s.run("sleep 10");
    await s.run("kubectl exec logger -- sh -c 'echo a > /tmp/scratch && echo b > /var/log/app/kept'");
    expect((await s.run("kubectl exec logger -- cat /tmp/scratch")).stdout).toBe("a\n");
    // sleep 60 ends, the container restarts after the 10 s back-off.
    await s.run("sleep 70");
    expect((await s.run("kubectl get pod logger -o jsonpath={.status.containerStatuses[0].restartCount}")).stdout).toBe("1");
    const r = await s.run("kubectl exec logger -- cat /tmp/scratch");
    expect(r.stderr).toBe("cat: can't open '/tmp/scratch': No such file or directory\ncommand terminated with exit code 1\n");
    expect((await s.run("kubectl exec logger -- cat /var/log/app/kept")).stdout).toBe("b\n");
  });
});

describe("projected and downwardAPI volumes", () => {
  it("merge ConfigMap keys, pod fields and a service account token into one folder", async () => {
    const s = kubectlSession();
    await s.run("kubectl create configmap settings --from-literal=color=blue");
    await apply(
      s,
      `apiVersion: v1
kind: Pod
metadata: {name: info, labels: {app: info, tier: web}}
spec:
  containers:
  - {name: app, image: busybox:1.36, command: [sleep, "3600"], volumeMounts: [{name: all, mountPath: /etc/all}, {name: meta, mountPath: /etc/meta}]}
  volumes:
  - name: all
    projected:
      sources:
      - configMap: {name: settings}
      - downwardAPI: {items: [{path: namespace, fieldRef: {fieldPath: metadata.namespace}}]}
      - serviceAccountToken: {path: token, expirationSeconds: 3600}
  - name: meta
    downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}, {path: name, fieldRef: {fieldPath: metadata.name}}]}
`,
    );
    await s.run("sleep 15");
    expect((await s.run("kubectl exec info -- ls /etc/all")).stdout).toBe("color\nnamespace\ntoken\n");
    expect((await s.run("kubectl exec info -- cat /etc/all/namespace")).stdout).toBe("default");
    // A JWT of the pod's service account (header.claims.signature).
    expect((await s.run("kubectl exec info -- cat /etc/all/token")).stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]*$/);
    // The downward API writes labels as key="value" lines, sorted by key.
    expect((await s.run("kubectl exec info -- cat /etc/meta/labels")).stdout).toBe('app="info"\ntier="web"');
    expect((await s.run("kubectl exec info -- cat /etc/meta/name")).stdout).toBe("info");
  });
});

describe("the periodic sync on the virtual clock", () => {
  it("one long sleep and many short ones reach the same files at the same time (idle skipping = stepping)", async () => {
    const run = async (steps: string[]) => {
      const s = await configPod();
      await s.run("kubectl create configmap settings --from-literal=color=red --from-literal=size=L --dry-run=client -o yaml | kubectl apply -f -");
      for (const step of steps) await s.run(step);
      return (await s.run("kubectl exec app -- ls -a /etc/settings")).stdout + (await s.run("kubectl exec app -- cat /etc/settings/color")).stdout;
    };
    const long = await run(["sleep 90"]);
    const short = await run(Array.from({ length: 9 }, () => "sleep 10"));
    expect(long).toContain("red");
    expect(short).toBe(long);
  });
});
