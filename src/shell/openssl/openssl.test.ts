/**
 * kadet's openssl against OpenSSL 3.0's own output (testdata/*.golden, recorded with the real
 * openssl from `openssl genrsa -out jane.key 2048`, `openssl req -new -key jane.key -subj
 * "/CN=jane/O=dev"` and a certificate signed for it): the same lines, where only key bytes,
 * serials, times and key identifiers may differ.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const golden = (name: string) => readFileSync(new URL(`./testdata/${name}.golden`, import.meta.url), "utf8");

/** The layout of openssl's text: hex byte runs, times and serials replaced by placeholders. */
function layout(text: string): string {
  return text
    .replace(/^ +Serial Number: \d+ \(0x[0-9a-f]+\)$/gm, "        Serial Number: <serial>")
    .replace(/^( +)([0-9a-fA-F]{2}:)+[0-9a-fA-F]{0,2}:?$/gm, "$1<hex>")
    .replace(/^( +<hex>\n)+/gm, "<hex lines>\n")
    .replace(/[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT/g, "<time>");
}

async function sessionWithCertificate(): Promise<Session> {
  const s = new Session({ cwd: "/nonexistent-kadet-root" });
  await s.run("openssl genrsa -out jane.key 2048");
  await s.run('openssl req -new -key jane.key -subj "/CN=jane/O=dev" -out jane.csr');
  return s;
}

describe("openssl genrsa and req write files the model reads back", () => {
  it("genrsa prints nothing (OpenSSL 3 shows no progress) and writes a PKCS#8 PEM key", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    expect(await s.run("openssl genrsa -out jane.key 2048")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect((await s.run("head -1 jane.key")).stdout).toBe("-----BEGIN PRIVATE KEY-----\n");
  });

  it("req -noout -subject prints the subject as openssl 3 does", async () => {
    const s = await sessionWithCertificate();
    expect((await s.run("head -1 jane.csr")).stdout).toBe("-----BEGIN CERTIFICATE REQUEST-----\n");
    expect((await s.run("openssl req -in jane.csr -noout -subject")).stdout).toBe(golden("req-subject"));
    expect((await s.run('openssl req -new -key jane.key -subj "/CN=x/O=a/O=b" -noout -subject')).stdout).toBe("subject=CN = x, O = a, O = b\n");
  });

  it("req -noout -text has openssl's layout line for line", async () => {
    const s = await sessionWithCertificate();
    const text = (await s.run("openssl req -in jane.csr -noout -text")).stdout;
    expect(layout(text)).toBe(layout(golden("req-text")));
    // The same key shows the same modulus: the bytes are the key's, not random.
    expect((await s.run("openssl req -in jane.csr -noout -text")).stdout).toBe(text);
  });

  it("refuses a subject not in /type=value form, and a missing key file, with openssl's words", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    await s.run("openssl genrsa -out jane.key 2048");
    const bad = await s.run('openssl req -new -key jane.key -subj "CN=x" -out x.csr');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe("req: subject name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: 'CN=x'\n");
    const missing = await s.run('openssl req -new -key nofile -subj "/CN=x" -out x.csr');
    expect(missing.stderr.split("\n")[0]).toBe("Could not open file or uri for loading private key from nofile");
    expect((await s.run("openssl req -in nofile -noout -subject")).stderr).toMatch(/^Can't open "nofile" for reading, No such file or directory\n[\s\S]*Unable to load X509 request\n$/);
  });

  it("says what it does not simulate (interactive subjects, self-signing) instead of pretending", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    await s.run("openssl genrsa -out k.key 2048");
    expect((await s.run("openssl req -new -key k.key -out k.csr")).stderr).toMatch(/^kadet: 'openssl req -new without -subj' is not simulated/);
    expect((await s.run("openssl x509 -req -in k.csr -CA ca.crt -CAkey ca.key -out k.crt")).stderr).toMatch(/^kadet: 'openssl x509 -req' is not simulated/);
    expect((await s.run("openssl s_client -connect x:443")).stderr).toMatch(/^kadet: 'openssl s_client' is not simulated/);
  });
});

describe("openssl x509 reads a certificate the cluster signed", () => {
  async function signed(): Promise<Session> {
    const s = await sessionWithCertificate();
    await s.run(
      "printf 'apiVersion: certificates.k8s.io/v1\\nkind: CertificateSigningRequest\\nmetadata:\\n  name: jane\\nspec:\\n  request: %s\\n  signerName: kubernetes.io/kube-apiserver-client\\n  usages: [client auth]\\n' $(base64 -w0 jane.csr) > csr.yaml",
    );
    await s.run("kubectl create -f csr.yaml");
    await s.run("kubectl certificate approve jane");
    await s.run("kubectl get csr jane -o jsonpath='{.status.certificate}' | base64 -d > jane.crt");
    return s;
  }

  it("-subject, -issuer and -dates as openssl prints them; the cluster's signer gives a year less its 5-minute backdate", async () => {
    const s = await signed();
    expect((await s.run("openssl x509 -in jane.crt -noout -subject")).stdout).toBe(golden("x509-subject"));
    expect((await s.run("openssl x509 -in jane.crt -noout -issuer")).stdout).toBe("issuer=CN = kubernetes\n");
    const dates = (await s.run("openssl x509 -in jane.crt -noout -dates")).stdout;
    expect(layout(dates)).toBe(layout(golden("x509-dates")));
    const [notBefore, notAfter] = dates.split("\n").map((l) => Date.parse(l.replace(/^not(Before|After)=/, "").replace(" GMT", "Z")));
    // PermissiveSigningPolicy: NotBefore = now - 5m, NotAfter = now + 8760h - 5m.
    expect(notAfter! - notBefore!).toBe(8760 * 3600_000);
  });

  it("-text has openssl's layout, with the extensions Go's x509 writes for a client-auth certificate, in its order", async () => {
    const s = await signed();
    const text = (await s.run("openssl x509 -in jane.crt -noout -text")).stdout;
    // Recorded from a certificate openssl signed with the extensions Go writes for usages [client auth] (EKU, basic constraints, authority key id).
    expect(layout(text)).toBe(layout(golden("x509-text")));
  });

  it("prints fields in the order they are asked for, like openssl x509", async () => {
    const s = await signed();
    const out = (await s.run("openssl x509 -in jane.crt -noout -enddate -subject")).stdout.split("\n");
    expect(out[0]).toMatch(/^notAfter=/);
    expect(out[1]).toBe("subject=CN = jane, O = dev");
  });
});
