/**
 * The Pod Security Standards' checks, ported from
 * kubernetes/pod-security-admission v0.32 (policy/check_*.go): one entry per
 * upstream check, with its ID, level, the versions it applies from, the
 * baseline checks a restricted one replaces, and its exact reason and
 * detail texts. A check returns undefined when the pod passes.
 */

/** The parts of a pod the checks read (corev1.PodSpec, loosely typed: the object was validated already). */
export interface SecurityContextLike {
  runAsUser?: number;
  runAsNonRoot?: boolean;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
  appArmorProfile?: { type?: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string };
  procMount?: string;
  windowsOptions?: { hostProcess?: boolean };
  sysctls?: { name: string }[];
}
export interface ContainerLike {
  name: string;
  securityContext?: SecurityContextLike;
  ports?: { hostPort?: number }[];
}
export interface PodSpecLike {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  os?: { name?: string };
  securityContext?: SecurityContextLike;
  volumes?: ({ name: string } & Record<string, unknown>)[];
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  ephemeralContainers?: ContainerLike[];
}
export interface PodMetaLike {
  annotations?: Record<string, string>;
}

export interface CheckResult {
  reason: string;
  detail: string;
}

type CheckFn = (meta: PodMetaLike, spec: PodSpecLike, minor: number) => CheckResult | undefined;

export interface Check {
  id: string;
  level: "baseline" | "restricted";
  /** The 1.x minor version the check applies from. */
  since: number;
  /** Baseline checks this one replaces at the restricted level (OverrideCheckIDs), from `since`. */
  overrides?: string[];
  check: CheckFn;
}

/** visitContainers: init containers, containers, ephemeral containers. */
function allContainers(spec: PodSpecLike): ContainerLike[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

const joinQuote = (items: readonly string[]) => (items.length === 0 ? "" : `"${items.join('", "')}"`);
const pluralize = (singular: string, plural: string, count: number) => (count === 1 ? singular : plural);
const containers = (names: readonly string[]) => `${pluralize("container", "containers", names.length)} ${joinQuote(names)}`;
/** sets.String.List(): unique, sorted (Go's byte order). */
const sortedSet = (items: Iterable<string>) => [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const isWindows = (spec: PodSpecLike) => spec.os?.name === "windows";

const privileged: CheckFn = (_m, spec) => {
  const bad = allContainers(spec).filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  return bad.length ? { reason: "privileged", detail: `${containers(bad)} must not set securityContext.privileged=true` } : undefined;
};

const hostNamespaces: CheckFn = (_m, spec) => {
  const used = [spec.hostNetwork && "hostNetwork=true", spec.hostPID && "hostPID=true", spec.hostIPC && "hostIPC=true"].filter((x): x is string => Boolean(x));
  return used.length ? { reason: "host namespaces", detail: used.join(", ") } : undefined;
};

const hostPathVolumes: CheckFn = (_m, spec) => {
  const bad = (spec.volumes ?? []).filter((v) => v.hostPath !== undefined).map((v) => v.name);
  return bad.length ? { reason: "hostPath volumes", detail: `${pluralize("volume", "volumes", bad.length)} ${joinQuote(bad)}` } : undefined;
};

const hostPorts: CheckFn = (_m, spec) => {
  const bad: string[] = [];
  const ports = new Set<string>();
  for (const c of allContainers(spec)) {
    const used = (c.ports ?? []).filter((p) => (p.hostPort ?? 0) !== 0);
    for (const p of used) ports.add(String(p.hostPort));
    if (used.length) bad.push(c.name);
  }
  if (!bad.length) return undefined;
  const list = sortedSet(ports);
  return { reason: "hostPort", detail: `${containers(bad)} ${pluralize("uses", "use", bad.length)} ${pluralize("hostPort", "hostPorts", list.length)} ${list.join(", ")}` };
};

/** capabilities_allowed_1_0: the container runtime's default set. */
const DEFAULT_CAPABILITIES = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);

const capabilitiesBaseline: CheckFn = (_m, spec) => {
  const bad: string[] = [];
  const caps: string[] = [];
  for (const c of allContainers(spec)) {
    const extra = (c.securityContext?.capabilities?.add ?? []).filter((cap) => !DEFAULT_CAPABILITIES.has(cap));
    caps.push(...extra);
    if (extra.length) bad.push(c.name);
  }
  return bad.length ? { reason: "non-default capabilities", detail: `${containers(bad)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add` } : undefined;
};

const capabilitiesRestricted: CheckFn = (_m, spec, minor) => {
  if (minor >= 25 && isWindows(spec)) return undefined;
  const missingDropAll: string[] = [];
  const adding: string[] = [];
  const caps: string[] = [];
  for (const c of allContainers(spec)) {
    const capabilities = c.securityContext?.capabilities;
    if (!capabilities) {
      missingDropAll.push(c.name);
      continue;
    }
    if (!(capabilities.drop ?? []).includes("ALL")) missingDropAll.push(c.name);
    const forbidden = (capabilities.add ?? []).filter((cap) => cap !== "NET_BIND_SERVICE");
    caps.push(...forbidden);
    if (forbidden.length) adding.push(c.name);
  }
  const details: string[] = [];
  if (missingDropAll.length) details.push(`${containers(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length) details.push(`${containers(adding)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`);
  return details.length ? { reason: "unrestricted capabilities", detail: details.join("; ") } : undefined;
};

const procMount: CheckFn = (_m, spec) => {
  const bad: string[] = [];
  const types: string[] = [];
  for (const c of allContainers(spec)) {
    const value = c.securityContext?.procMount;
    if (value !== undefined && value !== "Default") {
      bad.push(c.name);
      types.push(value);
    }
  }
  return bad.length ? { reason: "procMount", detail: `${containers(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}` } : undefined;
};

const validSeccomp = (type: string | undefined) => type === "Localhost" || type === "RuntimeDefault";

/** seccompProfile_baseline at 1.19+: an explicit profile must not be Unconfined. */
const seccompBaseline: CheckFn = (_m, spec) => {
  const setters: string[] = [];
  const values: string[] = [];
  const podType = spec.securityContext?.seccompProfile?.type;
  if (spec.securityContext?.seccompProfile && !validSeccomp(podType)) {
    setters.push("pod");
    values.push(podType ?? "");
  }
  const bad: string[] = [];
  for (const c of allContainers(spec)) {
    const profile = c.securityContext?.seccompProfile;
    if (profile && !validSeccomp(profile.type)) {
      bad.push(c.name);
      values.push(profile.type ?? "");
    }
  }
  if (bad.length) setters.push(containers(bad));
  return setters.length ? { reason: "seccompProfile", detail: `${setters.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}` } : undefined;
};

const seccompRestricted: CheckFn = (meta, spec, minor) => {
  if (minor >= 25 && isWindows(spec)) return undefined;
  const explicit = seccompBaseline(meta, spec, minor);
  if (explicit) return explicit;
  const podSet = validSeccomp(spec.securityContext?.seccompProfile?.type);
  const implicit = podSet ? [] : allContainers(spec).filter((c) => !c.securityContext?.seccompProfile).map((c) => c.name);
  return implicit.length ? { reason: "seccompProfile", detail: `pod or ${containers(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` } : undefined;
};

const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

const appArmorProfile: CheckFn = (meta, spec) => {
  const allowedType = (t: string | undefined) => t === "RuntimeDefault" || t === "Localhost";
  const setters: string[] = [];
  const values: string[] = [];
  if (spec.securityContext?.appArmorProfile && !allowedType(spec.securityContext.appArmorProfile.type)) {
    setters.push("pod");
    values.push(spec.securityContext.appArmorProfile.type ?? "");
  }
  const bad: string[] = [];
  for (const c of allContainers(spec)) {
    const profile = c.securityContext?.appArmorProfile;
    if (profile && !allowedType(profile.type)) {
      bad.push(c.name);
      values.push(profile.type ?? "");
    }
  }
  if (bad.length) setters.push(containers(bad));
  const list = sortedSet(values);
  const annotations = Object.entries(meta.annotations ?? {})
    .filter(([k, v]) => k.startsWith(APPARMOR_ANNOTATION_PREFIX) && !(v === "" || v === "runtime/default" || v.startsWith("localhost/")))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .sort();
  if (annotations.length) {
    list.push(...annotations);
    setters.push(pluralize("annotation", "annotations", annotations.length));
  }
  if (!setters.length) return undefined;
  return { reason: pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", list.length), detail: `${setters.join(" and ")} must not set AppArmor profile type to ${joinQuote(list)}` };
};

const seLinuxOptions: CheckFn = (_m, spec, minor) => {
  const allowed = new Set(["", "container_t", "container_init_t", "container_kvm_t", ...(minor >= 31 ? ["container_engine_t"] : [])]);
  const types: string[] = [];
  let user = false;
  let role = false;
  const valid = (o: NonNullable<SecurityContextLike["seLinuxOptions"]>) => {
    let ok = true;
    if (!allowed.has(o.type ?? "")) {
      ok = false;
      types.push(o.type ?? "");
    }
    if (o.user) {
      ok = false;
      user = true;
    }
    if (o.role) {
      ok = false;
      role = true;
    }
    return ok;
  };
  const setters: string[] = [];
  if (spec.securityContext?.seLinuxOptions && !valid(spec.securityContext.seLinuxOptions)) setters.push("pod");
  const bad = allContainers(spec).filter((c) => c.securityContext?.seLinuxOptions && !valid(c.securityContext.seLinuxOptions)).map((c) => c.name);
  if (bad.length) setters.push(containers(bad));
  if (!setters.length) return undefined;
  const data: string[] = [];
  const typeList = sortedSet(types);
  if (typeList.length) data.push(`${pluralize("type", "types", typeList.length)} ${joinQuote(typeList)}`);
  if (user) data.push("user may not be set");
  if (role) data.push("role may not be set");
  return { reason: "seLinuxOptions", detail: `${setters.join(" and ")} set forbidden securityContext.seLinuxOptions: ${data.join("; ")}` };
};

/** The safe sysctls, growing with the version (sysctlsAllowedV1Dot0 ... V1Dot32). */
function safeSysctls(minor: number): Set<string> {
  const names = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"];
  if (minor >= 27) names.push("net.ipv4.ip_local_reserved_ports");
  if (minor >= 29) names.push("net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
  if (minor >= 32) names.push("net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
  return new Set(names);
}

const sysctls: CheckFn = (_m, spec, minor) => {
  const safe = safeSysctls(minor);
  const bad = (spec.securityContext?.sysctls ?? []).map((s) => s.name).filter((n) => !safe.has(n));
  return bad.length ? { reason: "forbidden sysctls", detail: bad.join(", ") } : undefined;
};

const windowsHostProcess: CheckFn = (_m, spec) => {
  const bad = allContainers(spec).filter((c) => c.securityContext?.windowsOptions?.hostProcess === true).map((c) => c.name);
  const setters = [...(spec.securityContext?.windowsOptions?.hostProcess === true ? ["pod"] : []), ...(bad.length ? [containers(bad)] : [])];
  return setters.length ? { reason: "hostProcess", detail: `${setters.join(" and ")} must not set securityContext.windowsOptions.hostProcess=true` } : undefined;
};

const allowPrivilegeEscalation: CheckFn = (_m, spec, minor) => {
  if (minor >= 25 && isWindows(spec)) return undefined;
  const bad = allContainers(spec).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
  return bad.length ? { reason: "allowPrivilegeEscalation != false", detail: `${containers(bad)} must set securityContext.allowPrivilegeEscalation=false` } : undefined;
};

/** The volume types restricted pods may use; any other is named by its field (or "unknown"). */
const ALLOWED_VOLUME_TYPES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]);
const RESTRICTED_VOLUME_TYPES = new Map([
  ["hostPath", "hostPath"], ["gcePersistentDisk", "gcePersistentDisk"], ["awsElasticBlockStore", "awsElasticBlockStore"], ["gitRepo", "gitRepo"],
  ["nfs", "nfs"], ["iscsi", "iscsi"], ["glusterfs", "glusterfs"], ["rbd", "rbd"], ["flexVolume", "flexVolume"], ["cinder", "cinder"],
  ["cephfs", "cephfs"], ["flocker", "flocker"], ["fc", "fc"], ["azureFile", "azureFile"], ["vsphereVolume", "vsphereVolume"],
  ["quobyte", "quobyte"], ["azureDisk", "azureDisk"], ["photonPersistentDisk", "photonPersistentDisk"], ["portworxVolume", "portworxVolume"],
  ["scaleIO", "scaleIO"], ["storageos", "storageos"],
]);

const restrictedVolumes: CheckFn = (_m, spec) => {
  const bad: string[] = [];
  const types: string[] = [];
  for (const v of spec.volumes ?? []) {
    const fields = Object.keys(v).filter((k) => k !== "name" && v[k] !== undefined && v[k] !== null);
    if (fields.some((f) => ALLOWED_VOLUME_TYPES.has(f))) continue;
    bad.push(v.name);
    types.push(fields.map((f) => RESTRICTED_VOLUME_TYPES.get(f)).find((t) => t !== undefined) ?? "unknown");
  }
  if (!bad.length) return undefined;
  const list = sortedSet(types);
  return {
    reason: "restricted volume types",
    detail: `${pluralize("volume", "volumes", bad.length)} ${joinQuote(bad)} ${pluralize("uses", "use", bad.length)} ${pluralize("restricted volume type", "restricted volume types", list.length)} ${joinQuote(list)}`,
  };
};

const runAsNonRoot: CheckFn = (_m, spec) => {
  const setters: string[] = [];
  let podNonRoot = false;
  const podValue = spec.securityContext?.runAsNonRoot;
  if (podValue === false) setters.push("pod");
  if (podValue === true) podNonRoot = true;
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of allContainers(spec)) {
    const own = c.securityContext?.runAsNonRoot;
    if (own !== undefined) {
      if (!own) explicit.push(c.name);
    } else if (!podNonRoot) implicit.push(c.name);
  }
  if (explicit.length) setters.push(containers(explicit));
  if (setters.length) return { reason: "runAsNonRoot != true", detail: `${setters.join(" and ")} must not set securityContext.runAsNonRoot=false` };
  return implicit.length ? { reason: "runAsNonRoot != true", detail: `pod or ${containers(implicit)} must set securityContext.runAsNonRoot=true` } : undefined;
};

const runAsUser: CheckFn = (_m, spec) => {
  const setters = spec.securityContext?.runAsUser === 0 ? ["pod"] : [];
  const bad = allContainers(spec).filter((c) => c.securityContext?.runAsUser === 0).map((c) => c.name);
  if (bad.length) setters.push(containers(bad));
  return setters.length ? { reason: "runAsUser=0", detail: `${setters.join(" and ")} must not set runAsUser=0` } : undefined;
};

/**
 * Every check at v0.32, listed by ID. Only the newest variant of each is
 * ported, with the version switches that change what it says (Windows pods
 * exempt from 1.25, the sysctls and SELinux types each version allows);
 * below 1.19 the baseline seccomp check read only the old seccomp
 * annotations, which kadet does not model, so there it passes.
 */
export const CHECKS: readonly Check[] = [
  { id: "allowPrivilegeEscalation", level: "restricted", since: 8, check: allowPrivilegeEscalation },
  { id: "appArmorProfile", level: "baseline", since: 0, check: appArmorProfile },
  { id: "capabilities_baseline", level: "baseline", since: 0, check: capabilitiesBaseline },
  { id: "capabilities_restricted", level: "restricted", since: 22, overrides: ["capabilities_baseline"], check: capabilitiesRestricted },
  { id: "hostNamespaces", level: "baseline", since: 0, check: hostNamespaces },
  { id: "hostPathVolumes", level: "baseline", since: 0, check: hostPathVolumes },
  { id: "hostPorts", level: "baseline", since: 0, check: hostPorts },
  { id: "privileged", level: "baseline", since: 0, check: privileged },
  { id: "procMount", level: "baseline", since: 0, check: procMount },
  { id: "restrictedVolumes", level: "restricted", since: 0, overrides: ["hostPathVolumes"], check: restrictedVolumes },
  { id: "runAsNonRoot", level: "restricted", since: 0, check: runAsNonRoot },
  { id: "runAsUser", level: "restricted", since: 23, check: runAsUser },
  { id: "seLinuxOptions", level: "baseline", since: 0, check: seLinuxOptions },
  { id: "seccompProfile_baseline", level: "baseline", since: 19, check: seccompBaseline },
  { id: "seccompProfile_restricted", level: "restricted", since: 19, overrides: ["seccompProfile_baseline"], check: seccompRestricted },
  { id: "sysctls", level: "baseline", since: 0, check: sysctls },
  { id: "windowsHostProcess", level: "baseline", since: 0, check: windowsHostProcess },
];
