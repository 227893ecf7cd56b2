/**
 * Encryption at rest end to end, the CKA task of
 * https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/: an EncryptionConfiguration on
 * the control-plane host, named by kube-apiserver's --encryption-provider-config and mounted into
 * its static pod; after the restart new Secrets are stored behind k8s:enc:aescbc:v1:KEY: (etcdctl
 * shows it), old ones stay plain until rewritten (`kubectl get secrets -A -o json | kubectl
 * replace -f -`); a bad file keeps the API server down with the loader's error in `crictl logs`
 * (encryptionconfig/config.go, validation.go); a key removed from the file makes the values it
 * wrote unreadable (etcd3 store.go wraps the transformer's error as an internal error).
 */
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const APISERVER = "/etc/kubernetes/manifests/kube-apiserver.yaml";
const ENC = "/etc/kubernetes/enc/enc.yaml";
const KEY1 = Buffer.alloc(32, 1).toString("base64");
const KEY2 = Buffer.alloc(32, 2).toString("base64");
const ETCDCTL = "etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key";

const encryptionConfig = (keys: string, identity = true) => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - aescbc:
          keys:
${keys}
${identity ? "      - identity: {}\n" : ""}`;
const key = (name: string, secret: string) => `            - name: ${name}\n              secret: ${secret}`;

/** Writes the file on the host and points the API server's manifest at it, mounted from the host folder. */
async function enableEncryption(s: Session, config: string): Promise<void> {
  await s.run("ssh controlplane");
  await s.run("mkdir -p /etc/kubernetes/enc");
  await s.run(`cat > ${ENC} <<'YAML'\n${config}YAML`);
  await s.run(`sed -i 's|    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key|    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key\\n    - --encryption-provider-config=${ENC}|' ${APISERVER}`);
  await s.run(`sed -i 's|    volumeMounts:|    volumeMounts:\\n    - mountPath: /etc/kubernetes/enc\\n      name: enc\\n      readOnly: true|' ${APISERVER}`);
  await s.run(`sed -i 's|  volumes:|  volumes:\\n  - hostPath:\\n      path: /etc/kubernetes/enc\\n      type: DirectoryOrCreate\\n    name: enc|' ${APISERVER}`);
  await s.run("sim clock advance 30s");
}

/** Moves the manifest out for longer than the kubelet's 20 s check of the folder, then back: a new kube-apiserver. */
async function restartApiServer(s: Session): Promise<void> {
  await s.run(`mv ${APISERVER} /root/`);
  await s.run("sleep 30");
  await s.run(`mv /root/kube-apiserver.yaml ${APISERVER}`);
  await s.run("sleep 30");
}

async function stored(s: Session, name: string): Promise<string> {
  return (await s.run(`${ETCDCTL} get /registry/secrets/default/${name} --print-value-only`)).stdout;
}

async function apiServerLogs(s: Session): Promise<string> {
  const row = (await s.run("crictl ps -a")).stdout.split("\n").find((l) => l.includes(" kube-apiserver "))!;
  return (await s.run(`crictl logs ${row.split(/ +/)[0]}`)).stdout;
}

describe("encryption at rest (kube-apiserver --encryption-provider-config)", { timeout: 60_000 }, () => {
  it("new Secrets are stored behind k8s:enc:aescbc:v1:key1:, old ones stay plain until replaced, and kubectl reads both", async () => {
    const s = new Session({ preset: "default" });
    await s.run("kubectl create secret generic old --from-literal=password=before");
    await enableEncryption(s, encryptionConfig(key("key1", KEY1)));
    expect((await s.run("kubectl create secret generic new --from-literal=password=after")).stdout).toBe("secret/new created\n");
    const fresh = await stored(s, "new");
    expect(fresh.startsWith("k8s:enc:aescbc:v1:key1:")).toBe(true);
    expect(fresh).not.toContain("after");
    expect(fresh).not.toContain(Buffer.from("after").toString("base64"));
    expect((await stored(s, "old")).startsWith('{"kind":"Secret"')).toBe(true);
    // ConfigMaps are not listed in the file: plain.
    await s.run("kubectl create configmap plain --from-literal=a=b");
    expect((await s.run(`${ETCDCTL} get /registry/configmaps/default/plain --print-value-only`)).stdout).toContain('"a":"b"');
    await s.run("exit");
    const replaced = await s.run("kubectl get secrets -A -o json | kubectl replace -f -");
    expect(replaced.stdout).toContain("secret/old replaced\n");
    await s.run("ssh controlplane");
    expect((await stored(s, "old")).startsWith("k8s:enc:aescbc:v1:key1:")).toBe(true);
    expect((await s.run("kubectl get secret old -o jsonpath='{.data.password}' | base64 -d")).stdout).toBe("before");
  });

  it("the same state gives the same bytes (deterministic), and a changed Secret new bytes", async () => {
    const a = new Session({ preset: "default" });
    const b = new Session({ preset: "default" });
    for (const s of [a, b]) {
      await enableEncryption(s, encryptionConfig(key("key1", KEY1)));
      await s.run("kubectl create secret generic same --from-literal=x=1");
    }
    const first = await stored(a, "same");
    expect(first).toBe(await stored(b, "same"));
    await a.run("kubectl create secret generic same --from-literal=x=2 --dry-run=client -o yaml | kubectl replace -f -");
    expect(await stored(a, "same")).not.toBe(first);
  });

  it("a key of the wrong length keeps kube-apiserver down; crictl logs shows the loader's error", async () => {
    const s = new Session({ preset: "default" });
    await enableEncryption(s, encryptionConfig(key("key1", "c2hvcnQ=")));
    expect(await apiServerLogs(s)).toMatch(
      /^E\d{4} [\d:.]{15} {7}1 run\.go:72\] "command failed" err="error while parsing file: resources\[0\]\.providers\[0\]\.aescbc\.keys\[0\]\.secret: Invalid value: \\"REDACTED\\": secret is not of the expected length, got 5, expected one of \[16 24 32\]"\n$/,
    );
    expect((await s.run("kubectl get secrets")).stderr).toContain("The connection to the server 192.168.0.10:6443 was refused");
  });

  it("a file the pod does not mount is missing for kube-apiserver", async () => {
    const s = new Session({ preset: "default" });
    await s.run("ssh controlplane");
    await s.run(`mkdir -p /etc/kubernetes/enc && cat > ${ENC} <<'YAML'\n${encryptionConfig(key("key1", KEY1))}YAML`);
    await s.run(`sed -i 's|    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key|    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key\\n    - --encryption-provider-config=${ENC}|' ${APISERVER}`);
    await s.run("sim clock advance 30s");
    expect(await apiServerLogs(s)).toContain(`err="error while parsing file: error opening encryption provider configuration file \\"${ENC}\\": open ${ENC}: no such file or directory"`);
  });

  it("key rotation: a new first key writes, the old one still reads; once the old key is removed, values it wrote are unreadable", async () => {
    const s = new Session({ preset: "default" });
    await enableEncryption(s, encryptionConfig(key("key1", KEY1)));
    await s.run("kubectl create secret generic s1 --from-literal=a=1");
    // Edited files are read at the next start only: restart the API server by moving its manifest out and back
    // (for longer than the kubelet's 20 s check of the manifests folder).
    await s.run(`cat > ${ENC} <<'YAML'\n${encryptionConfig(`${key("key2", KEY2)}\n${key("key1", KEY1)}`)}YAML`);
    await restartApiServer(s);
    await s.run("kubectl create secret generic s2 --from-literal=a=2");
    expect((await stored(s, "s2")).startsWith("k8s:enc:aescbc:v1:key2:")).toBe(true);
    expect((await stored(s, "s1")).startsWith("k8s:enc:aescbc:v1:key1:")).toBe(true);
    expect((await s.run("kubectl get secret s1 -o name")).stdout).toBe("secret/s1\n");
    await s.run(`cat > ${ENC} <<'YAML'\n${encryptionConfig(key("key2", KEY2))}YAML`);
    await restartApiServer(s);
    const get = await s.run("kubectl get secret s1");
    expect(get.stderr).toBe("Error from server (InternalError): Internal error occurred: no matching key was found for the provided AES transformer\n");
    const list = await s.run("kubectl get secrets");
    expect(list.stderr).toBe('Error from server (InternalError): Internal error occurred: unable to transform key "/registry/secrets/default/s1": no matching key was found for the provided AES transformer\n');
  });

  it("a world's snapshot keeps the configuration in force and how each value was stored", async () => {
    const s = new Session({ preset: "default" });
    await enableEncryption(s, encryptionConfig(key("key1", KEY1)));
    await s.run("kubectl create secret generic kept --from-literal=a=1");
    const before = await stored(s, "kept");
    const saved = await s.snapshot();
    const t = new Session({ preset: "default" });
    await t.load(saved);
    await t.run("ssh controlplane");
    expect(await stored(t, "kept")).toBe(before);
    await t.run("kubectl create secret generic later --from-literal=a=1");
    expect((await stored(t, "later")).startsWith("k8s:enc:aescbc:v1:key1:")).toBe(true);
  });
});
