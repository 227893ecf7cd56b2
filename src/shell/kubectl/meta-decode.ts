/**
 * The builder's decode of each document's metadata (cli-runtime mapper.infoForData: `unable to
 * decode "FILE": ...`), which runs on the client before anything is sent: Go's encoding/json
 * into metav1.ObjectMeta, so `annotations: "abc"`, `labels: [a]` or `name: 5` are refused with
 * its words. encoding/json reports the earliest type mismatch and keeps going; metav1.Time's
 * own UnmarshalJSON errors stop it at once. YAML reaches it as sigs.k8s.io/yaml's JSON, whose
 * object keys are sorted; a JSON file keeps its own order.
 */
import { goQuote } from "./printers/gofmt.js";

type GoType = "string" | "types.UID" | "int64" | "bool" | "Time" | "map[string]string" | "[]string" | "[]v1.OwnerReference" | "[]v1.ManagedFieldsEntry" | "v1.ManagedFieldsOperationType" | "FieldsV1";

const OBJECT_META: Record<string, GoType> = {
  name: "string", generateName: "string", namespace: "string", selfLink: "string", uid: "types.UID",
  resourceVersion: "string", generation: "int64", creationTimestamp: "Time", deletionTimestamp: "Time",
  deletionGracePeriodSeconds: "int64", labels: "map[string]string", annotations: "map[string]string",
  ownerReferences: "[]v1.OwnerReference", finalizers: "[]string", managedFields: "[]v1.ManagedFieldsEntry",
};
const OWNER_REFERENCE: Record<string, GoType> = { apiVersion: "string", kind: "string", name: "string", uid: "types.UID", controller: "bool", blockOwnerDeletion: "bool" };
const MANAGED_FIELDS_ENTRY: Record<string, GoType> = {
  manager: "string", operation: "v1.ManagedFieldsOperationType", apiVersion: "string", time: "Time", fieldsType: "string", fieldsV1: "FieldsV1", subresource: "string",
};

class HardError extends Error {}

function jsonKind(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number" || typeof v === "bigint") return "number";
  if (typeof v === "boolean") return "bool";
  return Array.isArray(v) ? "array" : "object";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** kubectl's `unable to decode` message for the object's metadata, or undefined. */
export function metadataDecodeError(obj: Record<string, unknown>, source: string, sortKeys: boolean): string | undefined {
  const error = decodeMetadata(obj.metadata, sortKeys);
  return error === undefined ? undefined : `error: unable to decode ${goQuote(source)}: ${error}`;
}

function decodeMetadata(metadata: unknown, sortKeys: boolean): string | undefined {
  if (metadata === null || metadata === undefined) return undefined;
  if (!isObject(metadata)) return mismatch(metadata, "metadataOnlyObject", ["metadata"], "v1.ObjectMeta");
  let saved: string | undefined;
  const save = (e: string | undefined) => {
    saved ??= e;
  };
  const keys = (o: Record<string, unknown>) => (sortKeys ? Object.keys(o).sort() : Object.keys(o));

  function value(v: unknown, type: GoType, struct: string, path: string[]): void {
    if (v === null || v === undefined) return; // null leaves a Go value as it is
    switch (type) {
      case "string":
      case "types.UID":
      case "v1.ManagedFieldsOperationType":
        if (typeof v !== "string") save(mismatch(v, struct, path, type));
        return;
      case "bool":
        if (typeof v !== "boolean") save(mismatch(v, struct, path, type));
        return;
      case "int64":
        if (typeof v !== "number") save(mismatch(v, struct, path, type));
        else if (!Number.isInteger(v) || Math.abs(v) >= 2 ** 63) save(mismatch(v, struct, path, type, String(v)));
        return;
      case "Time":
        // metav1.Time.UnmarshalJSON: json.Unmarshal into a string, then time.Parse(RFC3339); either error ends decoding.
        if (typeof v !== "string") throw new HardError(mismatch(v, struct, path, "string"));
        {
          const parseError = parseRFC3339Error(v);
          if (parseError !== undefined) throw new HardError(parseError);
        }
        return;
      case "FieldsV1":
        return; // raw JSON, kept as it is
      case "map[string]string":
        if (!isObject(v)) return save(mismatch(v, struct, path, type));
        for (const k of keys(v)) value(v[k], "string", struct, path);
        return;
      case "[]string":
        if (!Array.isArray(v)) return save(mismatch(v, struct, path, type));
        for (const item of v) value(item, "string", struct, path);
        return;
      case "[]v1.OwnerReference":
      case "[]v1.ManagedFieldsEntry": {
        if (!Array.isArray(v)) return save(mismatch(v, struct, path, type));
        const [itemStruct, fields] = type === "[]v1.OwnerReference" ? ["OwnerReference", OWNER_REFERENCE] : ["ManagedFieldsEntry", MANAGED_FIELDS_ENTRY];
        for (const item of v) {
          if (item === null) continue;
          if (!isObject(item)) {
            save(mismatch(item, struct, path, type.slice(2)));
            continue;
          }
          for (const k of keys(item)) if (fields[k]) value(item[k], fields[k]!, itemStruct, [...path, k]);
        }
        return;
      }
    }
  }

  try {
    for (const k of keys(metadata)) {
      const type = OBJECT_META[k];
      if (type) value(metadata[k], type, "ObjectMeta", ["metadata", k]);
    }
  } catch (e) {
    if (e instanceof HardError) return e.message;
    throw e;
  }
  return saved;
}

/** encoding/json's UnmarshalTypeError with its field context (Go 1.20+: the struct, then the full path). */
function mismatch(v: unknown, struct: string, path: string[], goType: string, literal?: string): string {
  const what = literal === undefined ? jsonKind(v) : `number ${literal}`;
  return `json: cannot unmarshal ${what} into Go struct field ${struct}.${path.join(".")} of type ${goType}`;
}

const RFC3339 = "2006-01-02T15:04:05Z07:00";

/**
 * time.Parse(time.RFC3339, s)'s error, or undefined when s parses: the layout's elements in
 * turn (2006 - 01 - 02 T 15 : 04 : 05 Z07:00), each failure worded as time.ParseError words it.
 */
export function parseRFC3339Error(s: string): string | undefined {
  const whole = (msg: string) => `parsing time ${goQuote(s)}${msg}`;
  const cannot = (rest: string, elem: string) => `parsing time ${goQuote(s)} as ${goQuote(RFC3339)}: cannot parse ${goQuote(rest)} as ${goQuote(elem)}`;
  const digit = (str: string, i: number) => i < str.length && str[i]! >= "0" && str[i]! <= "9";
  let rest = s;
  const literal = (lit: string): string | undefined => {
    if (!rest.startsWith(lit)) return cannot(rest, lit);
    rest = rest.slice(lit.length);
    return undefined;
  };
  // getnum: one or two digits; `fixed` wants exactly two.
  const num = (elem: string, fixed: boolean): number | string => {
    if (!digit(rest, 0)) return cannot(rest, elem);
    if (!digit(rest, 1)) {
      if (fixed) return cannot(rest, elem);
      const n = Number(rest[0]);
      rest = rest.slice(1);
      return n;
    }
    const n = Number(rest.slice(0, 2));
    rest = rest.slice(2);
    return n;
  };
  if (rest.length < 4 || !digit(rest, 0) || !/^\d{4}$/.test(rest.slice(0, 4))) return cannot(rest, "2006");
  const year = Number(rest.slice(0, 4));
  rest = rest.slice(4);
  const steps: [lit: string, elem: string, fixed: boolean, max: number, name: string][] = [
    ["-", "01", true, 12, "month"], ["-", "02", true, 31, ""], ["T", "15", false, 23, "hour"], [":", "04", true, 59, "minute"], [":", "05", true, 59, "second"],
  ];
  const got: number[] = [];
  for (const [lit, elem, fixed, max, name] of steps) {
    const bad = literal(lit);
    if (bad !== undefined) return bad;
    const n = num(elem, fixed);
    if (typeof n === "string") return n;
    if (name !== "" && (n > max || (name === "month" && n < 1))) return whole(`: ${name} out of range`);
    got.push(n);
  }
  if (rest.length >= 2 && (rest[0] === "." || rest[0] === ",") && digit(rest, 1)) {
    let i = 1;
    while (digit(rest, i)) i++;
    rest = rest.slice(i);
  }
  if (rest.startsWith("Z")) rest = rest.slice(1);
  else if (rest.length >= 6 && (rest[0] === "+" || rest[0] === "-") && rest[3] === ":" && /^\d\d$/.test(rest.slice(1, 3)) && /^\d\d$/.test(rest.slice(4, 6))) rest = rest.slice(6);
  else return cannot(rest, "Z07:00");
  if (rest.length > 0) return whole(`: extra text: ${goQuote(rest)}`);
  const [month, day] = [got[0]!, got[1]!];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysIn = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day < 1 || day > daysIn) return whole(": day out of range");
  return undefined;
}
