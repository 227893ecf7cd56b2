/**
 * Security-context settings kadet stores, shows and checks in Pod Security
 * admission but does not act on in a container's process: no capability
 * set, seccomp filter, SELinux label or AppArmor profile exists in the
 * model, so a `ping` that NET_RAW would allow or a syscall seccomp would
 * block cannot tell the difference. Writing an object that sets one says so
 * once, in kubectl's warning style, rather than look enforced.
 */
import type { KubeObject } from "../../sim/api/types.js";

type Sc = Record<string, unknown> | undefined;
type PodSpecLike = { securityContext?: Sc; containers?: { securityContext?: Sc }[]; initContainers?: { securityContext?: Sc }[] };

const CONTAINER_FIELDS = ["capabilities", "privileged", "allowPrivilegeEscalation", "seccompProfile", "seLinuxOptions", "appArmorProfile", "procMount"];
const POD_FIELDS = ["seccompProfile", "seLinuxOptions", "appArmorProfile", "sysctls"];

/** The pod spec of a pod or of a workload's template. */
function podSpecOf(obj: KubeObject): PodSpecLike | undefined {
  const spec = obj.spec as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!spec) return undefined;
  if (obj.kind === "Pod") return spec as PodSpecLike;
  if (obj.kind === "CronJob") return spec.jobTemplate?.spec?.template?.spec;
  return spec.template?.spec;
}

/** `Warning: kadet does not simulate ...` naming the settings the object uses, or undefined. */
export function unsimulatedSecurityWarning(obj: KubeObject): string | undefined {
  const spec = podSpecOf(obj);
  if (!spec || typeof spec !== "object") return undefined;
  const used = new Set<string>();
  for (const f of POD_FIELDS) if (spec.securityContext?.[f] !== undefined) used.add(f);
  // Not yet validated on a client-side dry run: any field may hold anything.
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  for (const c of [...list(spec.initContainers), ...list(spec.containers)] as Record<string, any>[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const f of CONTAINER_FIELDS) if (c?.securityContext?.[f] !== undefined) used.add(f);
  }
  if (used.size === 0) return undefined;
  const names = [...used].map((f) => `securityContext.${f}`).join(", ");
  return `Warning: kadet does not simulate ${names} in containers' processes: ${used.size === 1 ? "it is" : "they are"} stored and checked by Pod Security admission, but no process gains or loses a privilege by ${used.size === 1 ? "it" : "them"}`;
}

/** The namespace label of Pod Security's audit mode. */
export const POD_SECURITY_AUDIT_LABEL = "pod-security.kubernetes.io/audit";

/**
 * Pod Security's `audit` mode adds audit annotations (pod-security.kubernetes.io/audit-violations)
 * to the request's event in the API server's audit log; kadet keeps no audit log, so a namespace
 * labelled for it says so rather than look audited. (`enforce` and `warn` are simulated.)
 */
export function unsimulatedAuditWarning(obj: KubeObject): string | undefined {
  if (obj.kind !== "Namespace" || obj.metadata?.labels?.[POD_SECURITY_AUDIT_LABEL] === undefined) return undefined;
  return auditNote;
}

const auditNote = `Warning: kadet does not simulate Pod Security's audit mode: the ${POD_SECURITY_AUDIT_LABEL} label is stored, but kadet's API server keeps no audit log (--audit-policy-file, --audit-log-path), so violations are recorded nowhere (enforce and warn are simulated)`;

/** The same note for \`kubectl label\` setting the audit label on a namespace. */
export function auditLabelWarning(kind: string, set: Record<string, string>): string | undefined {
  return kind === "Namespace" && set[POD_SECURITY_AUDIT_LABEL] !== undefined ? auditNote : undefined;
}
