/**
 * A record of what the API server did with one client's requests, kept while
 * `sim trace` watches a command: who was authenticated and how, each
 * authorization decision and the RBAC rule behind it, every admission step
 * with the fields it changed, and each write with its etcd key and revision.
 * The server writes into it as it works; nothing here is canned text.
 */
import type { Decision, RequestAttributes } from "./auth/rbac.js";
import type { UserInfo } from "./auth/user.js";

export interface AdmissionStep {
  /** A plugin's name, or "defaulting" / "validation" for the server's own steps. */
  step: string;
  phase: "mutating" | "validating" | "defaulting" | "validation";
  /** The fields the step changed (JSON paths), for mutating steps. */
  changed: string[];
  /** The refusal, when the step refused the write. */
  refused?: string;
}

export interface TracedWrite {
  operation: "create" | "update" | "delete" | "bind";
  kind: string;
  namespace: string | undefined;
  name: string;
  key: string;
  revision: number;
  uid?: string;
  admission: AdmissionStep[];
}

export interface TracedAuthorization {
  attrs: RequestAttributes;
  decision: Decision;
}

export class RequestTrace {
  authentication: { user: UserInfo; via: string } | undefined;
  impersonatedAs: UserInfo | undefined;
  readonly authorizations: TracedAuthorization[] = [];
  readonly writes: TracedWrite[] = [];
  /** The admission steps of the write in progress, moved to its TracedWrite when it is stored. */
  private pending: AdmissionStep[] = [];

  authenticated(user: UserInfo, via: string): void {
    this.authentication = { user, via };
  }

  authorized(attrs: RequestAttributes, decision: Decision): void {
    this.authorizations.push({ attrs, decision });
  }

  admitted(step: AdmissionStep): void {
    this.pending.push(step);
  }

  /** A write that failed admission or validation: its steps stay visible with the refusal. */
  refused(operation: TracedWrite["operation"], kind: string, namespace: string | undefined, name: string): void {
    this.writes.push({ operation, kind, namespace, name, key: "", revision: 0, admission: this.pending });
    this.pending = [];
  }

  stored(write: Omit<TracedWrite, "admission">): void {
    this.writes.push({ ...write, admission: this.pending });
    this.pending = [];
  }
}

/** The JSON paths at which two values differ, down to `depth` segments (deeper changes name their parent). */
export function changedPaths(before: unknown, after: unknown, depth = 4, path = ""): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (depth === 0 || !isObject(before) || !isObject(after)) return [path || "."];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.flatMap((k) => changedPaths(before[k], after[k], depth - 1, path ? `${path}.${k}` : k));
}
