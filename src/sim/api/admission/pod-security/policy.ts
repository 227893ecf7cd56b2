/**
 * A namespace's Pod Security policy and its evaluation, as
 * kubernetes/pod-security-admission v0.32 does it: the labels
 * `pod-security.kubernetes.io/{enforce,audit,warn}[-version]` parsed by
 * api.PolicyToEvaluate (warn follows a stricter enforce level unless set;
 * a bad warn or audit level fails open to privileged), and
 * policy/registry.go's evaluator (baseline checks first, then restricted,
 * each group in ID order, a restricted check replacing the baseline checks
 * it overrides; a version past the newest check is evaluated as the newest).
 */
import type { FieldError } from "../../errors.js";
import { CHECKS, type CheckResult, type PodMetaLike, type PodSpecLike } from "./checks.js";

export type Level = "privileged" | "baseline" | "restricted";
/** "latest" or the minor version of `v1.x`. */
export type Version = "latest" | number;

export interface LevelVersion {
  level: Level;
  version: Version;
}

export interface Policy {
  enforce: LevelVersion;
  audit: LevelVersion;
  warn: LevelVersion;
}

export const LABEL_PREFIX = "pod-security.kubernetes.io/";
const LEVELS: readonly Level[] = ["privileged", "baseline", "restricted"];

/** The newest version any check has a variant for (registry maxVersion): 1.32. */
const MAX_MINOR = Math.max(...CHECKS.map((c) => c.since), 32);

export function levelVersionString(lv: LevelVersion): string {
  return `${lv.level}:${lv.version === "latest" ? "latest" : `v1.${lv.version}`}`;
}

export function sameLevelVersion(a: LevelVersion, b: LevelVersion): boolean {
  return a.level === b.level && a.version === b.version;
}

/** api.CompareLevels: privileged < baseline < restricted. */
export function compareLevels(a: Level, b: Level): number {
  return LEVELS.indexOf(a) - LEVELS.indexOf(b);
}

function parseLevel(value: string): Level | undefined {
  return (LEVELS as readonly string[]).includes(value) ? (value as Level) : undefined;
}

function parseVersion(value: string): Version | undefined {
  if (value === "latest") return "latest";
  const m = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

const invalidLabel = (label: string, value: string, detail: string): FieldError => ({
  field: `metadata.labels[${LABEL_PREFIX}${label}]`,
  type: "Invalid value",
  value,
  detail,
});

/** api.PolicyToEvaluate with the default policy (privileged:latest for all three modes, as kube-apiserver has it). */
export function policyOf(labels: Readonly<Record<string, string>> | undefined): { policy: Policy; errors: FieldError[] } {
  const policy: Policy = { enforce: { level: "privileged", version: "latest" }, audit: { level: "privileged", version: "latest" }, warn: { level: "privileged", version: "latest" } };
  const errors: FieldError[] = [];
  if (!labels) return { policy, errors };
  const read = (mode: keyof Policy): { hasLevel: boolean; hasVersion: boolean } => {
    const levelValue = labels[`${LABEL_PREFIX}${mode}`];
    const versionValue = labels[`${LABEL_PREFIX}${mode}-version`];
    let hasLevel = false;
    if (levelValue !== undefined) {
      const level = parseLevel(levelValue);
      if (level) hasLevel = true;
      else errors.push(invalidLabel(mode, levelValue, `must be one of ${LEVELS.join(", ")}`));
      // A bad enforce level is enforced as restricted; warn and audit fail open.
      policy[mode].level = level ?? (mode === "enforce" ? "restricted" : "privileged");
    }
    if (versionValue !== undefined) {
      const version = parseVersion(versionValue);
      if (version === undefined) errors.push(invalidLabel(`${mode}-version`, versionValue, 'must be "latest" or "v1.x"'));
      policy[mode].version = version ?? "latest";
    }
    return { hasLevel: levelValue !== undefined && hasLevel, hasVersion: versionValue !== undefined };
  };
  const enforce = read("enforce");
  read("audit");
  const warn = read("warn");
  const warnLabelSet = labels[`${LABEL_PREFIX}warn`] !== undefined;
  if (!warnLabelSet && enforce.hasLevel && compareLevels(policy.enforce.level, policy.warn.level) > 0) {
    policy.warn.level = policy.enforce.level;
    if (!warn.hasVersion) policy.warn.version = policy.enforce.version;
  }
  return { policy, errors };
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** checkRegistry.EvaluatePod: the failed checks' results, in the registry's order. */
export function evaluatePod(lv: LevelVersion, meta: PodMetaLike, spec: PodSpecLike): CheckResult[] {
  if (lv.level === "privileged") return [];
  const minor = lv.version === "latest" ? MAX_MINOR : Math.min(lv.version, MAX_MINOR);
  const applicable = CHECKS.filter((c) => c.since <= minor && (lv.level === "restricted" || c.level === "baseline"));
  const overridden = new Set(applicable.flatMap((c) => c.overrides ?? []));
  const ordered = [
    ...applicable.filter((c) => c.level === "baseline" && !overridden.has(c.id)).sort((a, b) => byteOrder(a.id, b.id)),
    ...applicable.filter((c) => c.level === "restricted").sort((a, b) => byteOrder(a.id, b.id)),
  ];
  return ordered.map((c) => c.check(meta, spec, minor)).filter((r): r is CheckResult => r !== undefined);
}

/** AggregateCheckResult.ForbiddenDetail: `reason (detail), reason (detail)`. */
export function forbiddenDetail(results: readonly CheckResult[]): string {
  return results.map((r) => (r.detail ? `${r.reason} (${r.detail})` : r.reason)).join(", ");
}

/** AggregateCheckResult.ForbiddenReason: the reasons alone. */
export function forbiddenReason(results: readonly CheckResult[]): string {
  return results.map((r) => r.reason).join(", ");
}
