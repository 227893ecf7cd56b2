/**
 * Pod Security checks and policy against upstream's own test tables
 * (kubernetes/pod-security-admission v0.32: policy/check_*_test.go,
 * api/helpers_test.go) and the registry's ordering (policy/registry.go).
 */
import { describe, expect, it } from "vitest";
import { CHECKS, type PodSpecLike } from "./checks.js";
import { evaluatePod, forbiddenDetail, policyOf } from "./policy.js";

const check = (id: string, spec: PodSpecLike, minor = 32, annotations: Record<string, string> = {}) => CHECKS.find((c) => c.id === id)!.check({ annotations }, spec, minor);

describe("checks (policy/check_*_test.go)", () => {
  it("runAsNonRoot: implicit, pod false, containers false, fall-through", () => {
    expect(check("runAsNonRoot", { containers: [{ name: "a" }] })).toEqual({ reason: "runAsNonRoot != true", detail: 'pod or container "a" must set securityContext.runAsNonRoot=true' });
    expect(check("runAsNonRoot", { securityContext: { runAsNonRoot: false }, containers: [{ name: "a" }] })?.detail).toBe("pod must not set securityContext.runAsNonRoot=false");
    const mixed = ["a", "b", "c", "d", "e", "f"].map((name, i) => ({ name, securityContext: i < 2 ? {} : { runAsNonRoot: i >= 4 } }));
    expect(check("runAsNonRoot", { securityContext: { runAsNonRoot: true }, containers: mixed })?.detail).toBe('containers "c", "d" must not set securityContext.runAsNonRoot=false');
    const fall = [{ name: "a" }, { name: "b", securityContext: {} }, { name: "d", securityContext: { runAsNonRoot: true } }];
    expect(check("runAsNonRoot", { containers: fall })?.detail).toBe('pod or containers "a", "b" must set securityContext.runAsNonRoot=true');
  });
  it("capabilities_restricted: drop ALL missing, and forbidden adds sorted and unique", () => {
    const spec = {
      containers: [
        { name: "a" },
        { name: "b", securityContext: { capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } } },
        { name: "c", securityContext: { capabilities: { drop: ["ALL"], add: ["SYS_TIME", "NET_ADMIN", "SYS_TIME"] } } },
      ],
    };
    expect(check("capabilities_restricted", spec)).toEqual({
      reason: "unrestricted capabilities",
      detail: 'container "a" must set securityContext.capabilities.drop=["ALL"]; container "c" must not include "NET_ADMIN", "SYS_TIME" in securityContext.capabilities.add',
    });
  });
  it("capabilities_baseline: only additions beyond the default set", () => {
    expect(check("capabilities_baseline", { containers: [{ name: "a", securityContext: { capabilities: { add: ["CHOWN", "NET_RAW"] } } }] })?.detail).toBe('container "a" must not include "NET_RAW" in securityContext.capabilities.add');
  });
  it("hostPorts, hostNamespaces, hostPathVolumes and restrictedVolumes word their details as upstream", () => {
    const ports = { containers: [{ name: "a", ports: [{ hostPort: 8080 }, { hostPort: 0 }] }, { name: "b", ports: [{ hostPort: 443 }] }] };
    expect(check("hostPorts", ports)?.detail).toBe('containers "a", "b" use hostPorts 443, 8080');
    expect(check("hostNamespaces", { hostNetwork: true, hostIPC: true })).toEqual({ reason: "host namespaces", detail: "hostNetwork=true, hostIPC=true" });
    const volumes = [{ name: "h", hostPath: { path: "/" } }, { name: "n", nfs: { server: "x", path: "/" } }, { name: "e", emptyDir: {} }];
    expect(check("hostPathVolumes", { volumes })?.detail).toBe('volume "h"');
    expect(check("restrictedVolumes", { volumes })?.detail).toBe('volumes "h", "n" use restricted volume types "hostPath", "nfs"');
  });
  it("seccompProfile_restricted: explicit Unconfined first, else the implicit message", () => {
    expect(check("seccompProfile_restricted", { securityContext: { seccompProfile: { type: "Unconfined" } }, containers: [{ name: "a" }] })?.detail).toBe('pod must not set securityContext.seccompProfile.type to "Unconfined"');
    expect(check("seccompProfile_restricted", { containers: [{ name: "a" }] })?.detail).toBe('pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"');
    expect(check("seccompProfile_restricted", { securityContext: { seccompProfile: { type: "RuntimeDefault" } }, containers: [{ name: "a" }] })).toBeUndefined();
  });
  it("sysctls: the safe set grows with the version (net.ipv4.tcp_rmem from 1.32)", () => {
    const spec = { securityContext: { sysctls: [{ name: "net.ipv4.tcp_rmem" }, { name: "kernel.msgmax" }] } };
    expect(check("sysctls", spec, 32)?.detail).toBe("kernel.msgmax");
    expect(check("sysctls", spec, 31)?.detail).toBe("net.ipv4.tcp_rmem, kernel.msgmax");
  });
  it("a Windows pod is exempt from allowPrivilegeEscalation from 1.25", () => {
    const spec = { os: { name: "windows" }, containers: [{ name: "a" }] };
    expect(check("allowPrivilegeEscalation", spec, 25)).toBeUndefined();
    expect(check("allowPrivilegeEscalation", spec, 24)?.detail).toBe('container "a" must set securityContext.allowPrivilegeEscalation=false');
  });
});

describe("evaluation order and levels (policy/registry.go)", () => {
  const nginx: PodSpecLike = { containers: [{ name: "nginx", ports: [{ hostPort: 80 }] }] };
  it("restricted: baseline checks first by ID, then restricted by ID; overridden baseline checks drop out", () => {
    expect(forbiddenDetail(evaluatePod({ level: "restricted", version: "latest" }, {}, nginx))).toBe(
      'hostPort (container "nginx" uses hostPort 80), allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });
  it("baseline sees only baseline checks; privileged none; an old version skips checks added later (runAsUser from 1.23)", () => {
    expect(evaluatePod({ level: "baseline", version: "latest" }, {}, nginx).map((r) => r.reason)).toEqual(["hostPort"]);
    expect(evaluatePod({ level: "privileged", version: "latest" }, {}, nginx)).toEqual([]);
    const root = { securityContext: { runAsUser: 0, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } }, containers: [{ name: "a", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }] };
    expect(evaluatePod({ level: "restricted", version: 23 }, {}, root).map((r) => r.reason)).toEqual(["runAsUser=0"]);
    expect(evaluatePod({ level: "restricted", version: 22 }, {}, root)).toEqual([]);
  });
});

describe("namespace labels (api.PolicyToEvaluate)", () => {
  const p = "pod-security.kubernetes.io/";
  it("no labels: privileged:latest in every mode; warn follows a stricter enforce and its version", () => {
    expect(policyOf(undefined).policy.enforce).toEqual({ level: "privileged", version: "latest" });
    const { policy } = policyOf({ [`${p}enforce`]: "baseline", [`${p}enforce-version`]: "v1.30" });
    expect(policy.warn).toEqual({ level: "baseline", version: 30 });
    expect(policyOf({ [`${p}enforce`]: "baseline", [`${p}warn`]: "privileged" }).policy.warn.level).toBe("privileged");
  });
  it("a bad level or version is a field error; enforce fails closed (restricted), warn and audit open", () => {
    const { policy, errors } = policyOf({ [`${p}enforce`]: "strict", [`${p}warn`]: "nope", [`${p}audit-version`]: "1.30" });
    expect(policy.enforce.level).toBe("restricted");
    expect(policy.warn.level).toBe("privileged");
    expect(errors).toEqual([
      { field: `metadata.labels[${p}enforce]`, type: "Invalid value", value: "strict", detail: "must be one of privileged, baseline, restricted" },
      { field: `metadata.labels[${p}audit-version]`, type: "Invalid value", value: "1.30", detail: 'must be "latest" or "v1.x"' },
      { field: `metadata.labels[${p}warn]`, type: "Invalid value", value: "nope", detail: "must be one of privileged, baseline, restricted" },
    ]);
  });
});
