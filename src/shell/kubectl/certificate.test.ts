/**
 * The CKA's client-certificate task end to end: openssl key and request, a
 * CertificateSigningRequest (pkg/apis/certificates/validation), `kubectl certificate
 * approve|deny` (kubectl/pkg/cmd/certificates), the kube-apiserver-client signer
 * (pkg/controller/certificates/signer), and the certificate as a kubeconfig user
 * authenticated by CN/O (https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#normal-user).
 */
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";

const CSR_YAML = (extra = "", usages = "[client auth]", signer = "kubernetes.io/kube-apiserver-client") =>
  `printf 'apiVersion: certificates.k8s.io/v1\\nkind: CertificateSigningRequest\\nmetadata:\\n  name: jane\\nspec:\\n  request: %s\\n  signerName: ${signer}\\n  usages: ${usages}\\n${extra}' $(base64 -w0 jane.csr) > csr.yaml`;

async function withRequest(subject = "/CN=jane/O=dev"): Promise<Session> {
  const s = new Session({ cwd: "/nonexistent-kadet-root" });
  await s.run("openssl genrsa -out jane.key 2048");
  await s.run(`openssl req -new -key jane.key -subj "${subject}" -out jane.csr`);
  return s;
}

describe("CertificateSigningRequest: create, list, approve", () => {
  it("is created with the requester injected (strategy PrepareForCreate) and listed with kubectl's columns", async () => {
    const s = await withRequest();
    await s.run(CSR_YAML("  expirationSeconds: 86400\\n"));
    expect(await s.run("kubectl create -f csr.yaml")).toEqual({ stdout: "certificatesigningrequest.certificates.k8s.io/jane created\n", stderr: "", exitCode: 0 });
    // printCertificateSigningRequest: REQUESTOR is spec.username, REQUESTEDDURATION HumanDuration(expirationSeconds).
    expect((await s.run("kubectl get csr")).stdout).toBe(
      "NAME   AGE   SIGNERNAME                            REQUESTOR          REQUESTEDDURATION   CONDITION\njane   5s    kubernetes.io/kube-apiserver-client   kubernetes-admin   24h                 Pending\n",
    );
    expect((await s.run("kubectl get csr jane -o jsonpath='{.spec.username} {.spec.groups}'")).stdout).toBe('kubernetes-admin ["kubeadm:cluster-admins","system:authenticated"]');
  });

  it("approve prints kubectl's line, records KubectlApprove, and the signer issues the certificate (Approved,Issued)", async () => {
    const s = await withRequest();
    await s.run(CSR_YAML());
    await s.run("kubectl create -f csr.yaml");
    expect(await s.run("kubectl certificate approve jane")).toEqual({ stdout: "certificatesigningrequest.certificates.k8s.io/jane approved\n", stderr: "", exitCode: 0 });
    expect((await s.run("kubectl get csr jane --no-headers")).stdout).toMatch(/ <none> +Approved,Issued\n$/);
    expect((await s.run("kubectl get csr jane -o jsonpath='{.status.conditions[0].reason}: {.status.conditions[0].message}'")).stdout).toBe("KubectlApprove: This CSR was approved by kubectl certificate approve.");
    // Approving again is no error: the condition is there, kubectl prints the line without writing.
    expect((await s.run("kubectl certificate approve jane")).stdout).toBe("certificatesigningrequest.certificates.k8s.io/jane approved\n");
    // Denying an approved request: validateConditions refuses both.
    expect((await s.run("kubectl certificate deny jane")).stderr).toBe(
      'The CertificateSigningRequest "jane" is invalid: status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive\n',
    );
    expect((await s.run("kubectl certificate approve nope")).stderr).toBe('Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "nope" not found\n');
  });

  it("describe csr: describeCertificateSigningRequest's fields, the subject read from the request", async () => {
    const s = await withRequest("/CN=jane/O=dev/O=ops");
    await s.run(CSR_YAML("  expirationSeconds: 86400\\n"));
    await s.run("kubectl create -f csr.yaml");
    const out = (await s.run("kubectl describe csr jane")).stdout;
    expect(out).toMatch(/^Name:                jane\nLabels:              <none>\nAnnotations:         <none>\nCreationTimestamp:   .* \+0000\nRequesting User:     kubernetes-admin\nSigner:              kubernetes.io\/kube-apiserver-client\nRequested Duration:  24h\nStatus:              Pending\nSubject:\n/);
    expect(out).toContain("Common Name:    jane\n");
    expect(out).toMatch(/Organization:   dev\n +ops\n/);
    expect(out.endsWith("Events:  <none>\n")).toBe(true);
  });

  it("deny leaves the request without a certificate", async () => {
    const s = await withRequest();
    await s.run(CSR_YAML());
    await s.run("kubectl create -f csr.yaml");
    expect((await s.run("kubectl certificate deny jane")).stdout).toBe("certificatesigningrequest.certificates.k8s.io/jane denied\n");
    expect((await s.run("kubectl get csr jane --no-headers")).stdout).toMatch(/ Denied\n$/);
    expect((await s.run("kubectl get csr jane -o jsonpath='{.status.certificate}'")).stdout).toBe("");
  });

  it("a usage the client signer does not allow gets a Failed condition (validAPIServerClientUsages)", async () => {
    const s = await withRequest();
    await s.run(CSR_YAML("", "[server auth]"));
    await s.run("kubectl create -f csr.yaml");
    await s.run("kubectl certificate approve jane");
    expect((await s.run("kubectl get csr jane --no-headers")).stdout).toMatch(/ Approved,Failed\n$/);
    expect((await s.run("kubectl get csr jane -o jsonpath='{.status.conditions[1].message}'")).stdout).toBe("invalid usage for client certificate: server auth");
  });
});

describe("signers kadet does not run", () => {
  it("a kubelet-serving request is stored, with a warning that no certificate will come", async () => {
    const s = await withRequest("/CN=system:node:node01/O=system:nodes");
    await s.run(CSR_YAML("", "[digital signature, server auth]", "kubernetes.io/kubelet-serving"));
    const created = await s.run("kubectl create -f csr.yaml");
    expect(created.stdout).toBe("certificatesigningrequest.certificates.k8s.io/jane created\n");
    expect(created.stderr).toBe("Warning: kadet does not simulate the kubernetes.io/kubelet-serving signer yet: the request can be approved, but no certificate will be issued\n");
  });
});

describe("CertificateSigningRequest validation, in the API server's words", () => {
  it("refuses a missing signer, no usages, an unknown usage and a duration under 10 minutes", async () => {
    const s = await withRequest();
    await s.run(CSR_YAML("  expirationSeconds: 60\\n", "[client auth, flying]", '""'));
    expect((await s.run("kubectl create -f csr.yaml")).stderr).toBe(
      'The CertificateSigningRequest "jane" is invalid: \n* spec.usages[1]: Unsupported value: "flying": supported values: "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only", "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping"\n* spec.signerName: Required value\n* spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)\n',
    );
    await s.run(CSR_YAML("", "[]"));
    expect((await s.run("kubectl create -f csr.yaml")).stderr).toBe('The CertificateSigningRequest "jane" is invalid: spec.usages: Required value\n');
  });

  it("refuses a request that is not base64 (JSON []byte) or not a CERTIFICATE REQUEST block", async () => {
    const s = await withRequest();
    // The PEM pasted without base64: encoding/json's base64 decoding fails at the first '-'.
    await s.run("printf 'apiVersion: certificates.k8s.io/v1\\nkind: CertificateSigningRequest\\nmetadata:\\n  name: jane\\nspec:\\n  request: -----BEGIN\\n  signerName: kubernetes.io/kube-apiserver-client\\n  usages: [client auth]\\n' > bad.yaml");
    expect((await s.run("kubectl create -f bad.yaml")).stderr).toBe(
      'Error from server (BadRequest): error when creating "bad.yaml": CertificateSigningRequest in version "v1" cannot be handled as a CertificateSigningRequest: illegal base64 data at input byte 0\n',
    );
    // The key instead of the request: certificates.ParseCSR's message; Go prints the []byte with %#v.
    await s.run("printf 'apiVersion: certificates.k8s.io/v1\\nkind: CertificateSigningRequest\\nmetadata:\\n  name: jane\\nspec:\\n  request: %s\\n  signerName: kubernetes.io/kube-apiserver-client\\n  usages: [client auth]\\n' $(base64 -w0 jane.key) > key.yaml");
    const refused = (await s.run("kubectl create -f key.yaml")).stderr;
    expect(refused).toMatch(/^The CertificateSigningRequest "jane" is invalid: spec.request: Invalid value: \[\]byte\{0x2d, 0x2d, 0x2d, 0x2d, 0x2d, 0x42, 0x45, 0x47, 0x49, 0x4e, 0x20, 0x50, [^}]*\}: PEM block type must be CERTIFICATE REQUEST\n$/);
  });

  it("CertificateSubjectRestriction: no kube-apiserver-client certificate for system:masters", async () => {
    const s = await withRequest("/CN=mallory/O=system:masters");
    await s.run(CSR_YAML());
    expect((await s.run("kubectl create -f csr.yaml")).stderr).toBe(
      'Error from server (Forbidden): error when creating "csr.yaml": certificatesigningrequests.certificates.k8s.io "jane" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed\n',
    );
  });

  it("CertificateApproval: approving takes the approve verb on the signer, beyond update on certificatesigningrequests/approval", async () => {
    const s = await withRequest();
    await s.run(CSR_YAML());
    await s.run("kubectl create -f csr.yaml");
    await s.run("kubectl create clusterrole csr-approval --verb=get,update --resource=certificatesigningrequests,certificatesigningrequests/approval");
    await s.run("kubectl create clusterrolebinding bob-csr --clusterrole=csr-approval --user=bob");
    expect((await s.run("kubectl certificate approve jane --as bob")).stderr).toBe(
      'Error from server (Forbidden): certificatesigningrequests.certificates.k8s.io "jane" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kube-apiserver-client"\n',
    );
    // signers is no resource kubectl can discover, so this role is written as YAML (as the CSR docs show it).
    await s.run(
      "printf 'apiVersion: rbac.authorization.k8s.io/v1\\nkind: ClusterRole\\nmetadata:\\n  name: signer-approve\\nrules:\\n- apiGroups: [certificates.k8s.io]\\n  resources: [signers]\\n  resourceNames: [kubernetes.io/*]\\n  verbs: [approve]\\n' > role.yaml",
    );
    expect((await s.run("kubectl apply -f role.yaml")).exitCode).toBe(0);
    await s.run("kubectl create clusterrolebinding bob-signer --clusterrole=signer-approve --user=bob");
    expect((await s.run("kubectl certificate approve jane --as bob")).stdout).toBe("certificatesigningrequest.certificates.k8s.io/jane approved\n");
  });

  it("the main endpoint keeps spec: a replaced request does not change what was asked for", async () => {
    const s = await withRequest();
    await s.run(CSR_YAML());
    await s.run("kubectl create -f csr.yaml");
    await s.run("kubectl get csr jane -o yaml | sed 's/- client auth/- server auth/' > changed.yaml");
    expect((await s.run("kubectl replace -f changed.yaml")).exitCode).toBe(0);
    expect((await s.run("kubectl get csr jane -o jsonpath='{.spec.usages}'")).stdout).toBe('["client auth"]');
  });
});

describe("the issued certificate as a kubeconfig user", () => {
  async function issued(): Promise<Session> {
    const s = await withRequest();
    await s.run(CSR_YAML("  expirationSeconds: 3600\\n"));
    await s.run("kubectl create -f csr.yaml");
    await s.run("kubectl certificate approve jane");
    await s.run("kubectl get csr jane -o jsonpath='{.status.certificate}' | base64 -d > jane.crt");
    await s.run("kubectl config set-context jane --cluster=kubernetes --user=jane");
    return s;
  }

  it("authenticates as CN jane in group O dev; RBAC then decides (Forbidden until a binding)", async () => {
    const s = await issued();
    expect((await s.run("kubectl config set-credentials jane --client-key=jane.key --client-certificate=jane.crt --embed-certs=true")).stdout).toBe('User "jane" set.\n');
    expect((await s.run("kubectl auth whoami --context jane")).stdout).toBe("ATTRIBUTE   VALUE\nUsername    jane\nGroups      [dev system:authenticated]\n");
    expect((await s.run("kubectl get pods --context jane")).stderr).toBe('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n');
    await s.run("kubectl create role pod-reader --verb=get,list --resource=pods");
    await s.run("kubectl create rolebinding dev-read --role=pod-reader --group=dev");
    expect(await s.run("kubectl get pods --context jane")).toEqual({ stdout: "", stderr: "No resources found in default namespace.\n", exitCode: 0 });
  });

  it("--embed-certs stores the files' contents; without it the paths, relative to the kubeconfig's folder (create_authinfo.go, RelativizeAuthInfoLocalPaths)", async () => {
    const s = await issued();
    await s.run("kubectl config set-credentials jane --client-key=jane.key --client-certificate=jane.crt --embed-certs");
    const data = (await s.run("kubectl config view --raw -o jsonpath='{.users[?(@.name==\"jane\")].user.client-certificate-data}'")).stdout;
    expect(Buffer.from(data, "base64").toString("utf8")).toBe((await s.run("cat jane.crt")).stdout);
    await s.run("kubectl config set-credentials jane --client-key=jane.key --client-certificate=jane.crt");
    expect((await s.run("kubectl config view -o jsonpath='{.users[?(@.name==\"jane\")].user}'")).stdout).toBe('{"client-certificate":"../../nonexistent-kadet-root/jane.crt","client-key":"../../nonexistent-kadet-root/jane.key"}');
    // Read back relative to ~/.kube/ (clientcmd's ResolveLocalPaths), so the context works from any folder.
    expect((await s.run("mkdir elsewhere && cd elsewhere && kubectl auth whoami --context jane")).exitCode).toBe(0);
    expect((await s.run("kubectl config set-credentials jane --client-certificate=nope.crt --embed-certs")).stderr).toBe("error: could not stat client-certificate file nope.crt: stat nope.crt: no such file or directory\n");
    expect((await s.run("kubectl config set-credentials jane --embed-certs")).stderr).toBe("error: you must specify a --client-certificate or --client-key to embed\n");
  });

  it("the key pair is checked before any connection, as client-go builds its TLS config first", async () => {
    const s = await issued();
    await s.run("openssl genrsa -out other.key 2048");
    await s.run("kubectl config set-credentials jane --client-key=other.key --client-certificate=jane.crt");
    await s.run("kubectl config set-cluster wrong --server=https://192.168.0.10:6444");
    await s.run("kubectl config set-context jane --cluster=wrong");
    expect((await s.run("kubectl get pods --context jane")).stderr).toBe("error: tls: private key does not match public key\n");
    await s.run("kubectl config set-credentials jane --client-key=jane.key");
    expect((await s.run("kubectl get pods --context jane")).stderr).toMatch(/connection.*refused/);
  });

  it("a key that is not the certificate's, a missing key, and an expired certificate are refused as client-go and the x509 authenticator refuse them", async () => {
    const s = await issued();
    await s.run("openssl genrsa -out other.key 2048");
    await s.run("kubectl config set-credentials jane --client-key=other.key --client-certificate=jane.crt");
    expect((await s.run("kubectl get pods --context jane")).stderr).toBe("error: tls: private key does not match public key\n");
    await s.run("kubectl config set-credentials jane --client-key=");
    expect((await s.run("kubectl get pods --context jane")).stderr).toBe("error: invalid configuration: client-key-data or client-key must be specified for jane to use the clientCert authentication method\n");
    await s.run("kubectl config set-credentials jane --client-key=jane.key");
    expect((await s.run("kubectl auth whoami --context jane")).exitCode).toBe(0);
    // expirationSeconds 3600 is short (< 8h): NotAfter = approval + 1h, not backdated.
    await s.run("sim clock advance 61m");
    expect((await s.run("kubectl get pods --context jane")).stderr).toBe("error: You must be logged in to the server (Unauthorized)\n");
  });
});
