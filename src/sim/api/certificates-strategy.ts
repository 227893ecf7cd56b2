/**
 * The registry strategies of certificatesigningrequests
 * (pkg/registry/certificates/certificates/strategy.go): who asked is taken
 * from the request, never from the body; the main endpoint changes neither
 * spec nor status; the approval subresource changes only the
 * Approved/Denied conditions; the status subresource the rest of status.
 */
import type { UserInfo } from "./auth/user.js";
import type { KubeObject, StoredObject } from "./types.js";

type Condition = { type?: string; lastUpdateTime?: string; lastTransitionTime?: string; [k: string]: unknown };
type Csr = KubeObject & { spec?: Record<string, unknown>; status?: { conditions?: Condition[]; certificate?: string } };

/** PrepareForCreate: the requester's identity is injected; "users cannot create pre-approved certificate requests". */
export function prepareCsrForCreate(obj: KubeObject, user: UserInfo | undefined): void {
  const csr = obj as Csr;
  const spec = { ...(csr.spec ?? {}) };
  for (const key of ["username", "uid", "groups", "extra"]) delete spec[key];
  if (user) {
    spec.username = user.name;
    if (user.uid) spec.uid = user.uid;
    spec.groups = [...user.groups];
    if (user.extra && Object.keys(user.extra).length > 0) spec.extra = structuredClone(user.extra);
  }
  csr.spec = spec;
  csr.status = {};
}

/** The main endpoint's PrepareForUpdate: spec and status stay as stored. */
export function keepCsrSpecAndStatus(next: KubeObject, old: StoredObject): void {
  (next as Csr).spec = structuredClone((old as Csr).spec);
  if ((old as Csr).status !== undefined) (next as Csr).status = structuredClone((old as Csr).status);
}

/**
 * approvalStrategy.PrepareForUpdate: only the conditions come from the request (the certificate
 * stays); each new or changed condition gets its timestamps (populateConditionTimestamps).
 */
export function prepareApprovalUpdate(input: KubeObject, old: StoredObject, nowIso: string): KubeObject {
  const next = structuredClone(old) as unknown as Csr;
  const oldConditions = (old as Csr).status?.conditions ?? [];
  const conditions = ((input as Csr).status?.conditions ?? []).map((c) => {
    const was = oldConditions.find((o) => o.type === c.type);
    const condition = { ...c };
    if (!condition.lastUpdateTime) condition.lastUpdateTime = nowIso;
    if (!condition.lastTransitionTime) condition.lastTransitionTime = was && was.status === condition.status && was.lastTransitionTime ? was.lastTransitionTime : nowIso;
    return condition;
  });
  next.status = { ...(next.status ?? {}), conditions };
  if (conditions.length === 0) delete next.status.conditions;
  return next;
}
