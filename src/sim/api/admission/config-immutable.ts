/**
 * ValidateConfigMapUpdate and ValidateSecretUpdate (pkg/apis/core/validation):
 * once a ConfigMap or Secret is `immutable: true`, the flag cannot be unset
 * and its data cannot change (binaryData for a ConfigMap, type for a Secret):
 * the only way to change one is to delete and recreate it. A Secret's type
 * is immutable in any case.
 */
import type { KubeObject } from "../types.js";
import type { FieldError } from "../errors.js";
import { forbidden, invalidValue } from "./messages.js";

const IMMUTABLE_SET = "field is immutable when `immutable` is set";

const same = (a: unknown, b: unknown): boolean => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

/** Go's reflect.DeepEqual on maps ignores key order; nil and empty maps differ there but not after decoding, as here. */
function sorted(value: unknown): unknown {
  if (value === undefined || value === null) return {};
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

export function validateConfigUpdate(kind: "ConfigMap" | "Secret", obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const before = old as KubeObject & { immutable?: boolean; data?: unknown; binaryData?: unknown; type?: string };
  const after = obj as typeof before;
  if (kind === "Secret" && (after.type ?? "Opaque") !== (before.type ?? "Opaque")) errs.push(invalidValue("type", after.type ?? "Opaque", "field is immutable"));
  if (before.immutable !== true) return errs;
  if (after.immutable !== true) errs.push(forbidden("immutable", IMMUTABLE_SET));
  if (!same(after.data, before.data)) errs.push(forbidden("data", IMMUTABLE_SET));
  if (kind === "ConfigMap" && !same(after.binaryData, before.binaryData)) errs.push(forbidden("binaryData", IMMUTABLE_SET));
  return errs;
}
