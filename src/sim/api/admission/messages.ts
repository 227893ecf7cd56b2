/**
 * The exact texts apimachinery's validation helpers produce
 * (k8s.io/apimachinery/pkg/util/validation/validation.go) and the Go
 * renderings (`%#v`) that field errors show for maps and structs.
 */
import type { FieldError } from "../errors.js";

const DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
const QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const CONFIG_KEY = "[-._a-zA-Z0-9]+";

/** validation.RegexError: note upstream's doubled space before "or". */
function regexError(msg: string, regex: string, ...examples: string[]): string {
  let text = `${msg} (e.g. `;
  examples.forEach((example, i) => {
    if (i > 0) text += " or ";
    text += `'${example}', `;
  });
  return `${text}regex used for validation is '${regex}')`;
}

const full = (regex: string) => new RegExp(`^${regex}$`);

export const DNS1123_SUBDOMAIN_ERROR = regexError(
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  DNS1123_SUBDOMAIN,
  "example.com",
);
export const DNS1123_LABEL_ERROR = regexError(
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  DNS1123_LABEL,
  "my-name",
  "123-abc",
);
export const DNS1035_LABEL_ERROR = regexError(
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
  DNS1035_LABEL,
  "my-name",
  "abc-123",
);
export const QUALIFIED_NAME_PART_ERROR = regexError(
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  QUALIFIED_NAME,
  "MyName",
  "my.name",
  "123-abc",
);
export const QUALIFIED_NAME_ERROR = `${regexError(
  "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  QUALIFIED_NAME,
  "MyName",
  "my.name",
  "123-abc",
)} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`;
export const LABEL_VALUE_ERROR = regexError(
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  LABEL_VALUE,
  "MyValue",
  "my_value",
  "12345",
);
export const CONFIG_KEY_ERROR = regexError(
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
  CONFIG_KEY,
  "key.name",
  "KEY_NAME",
  "key-name",
);
export const PORT_RANGE_ERROR = "must be between 1 and 65535, inclusive";
export const NEGATIVE_ERROR = "must be greater than or equal to 0";
export const IMMUTABLE_ERROR = "field is immutable";
export const SELECTOR_MISMATCH_ERROR = "`selector` does not match template `labels`";

const maxLenError = (n: number) => `must be no more than ${n} characters`;

/** IsDNS1123Subdomain */
export function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!full(DNS1123_SUBDOMAIN).test(value)) errs.push(DNS1123_SUBDOMAIN_ERROR);
  return errs;
}

/** IsDNS1123Label */
export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!full(DNS1123_LABEL).test(value)) errs.push(DNS1123_LABEL_ERROR);
  return errs;
}

/** IsDNS1035Label */
export function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!full(DNS1035_LABEL).test(value)) errs.push(DNS1035_LABEL_ERROR);
  return errs;
}

/** IsQualifiedName: label and annotation keys. */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const [prefix, rest] = parts as [string, string];
    name = rest;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else for (const msg of dns1123SubdomainErrors(prefix)) errs.push(`prefix part ${msg}`);
  } else return [QUALIFIED_NAME_ERROR];
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!full(QUALIFIED_NAME).test(name)) errs.push(QUALIFIED_NAME_PART_ERROR);
  return errs;
}

/** IsValidLabelValue */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!full(LABEL_VALUE).test(value)) errs.push(LABEL_VALUE_ERROR);
  return errs;
}

/** IsConfigMapKey */
export function configKeyErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!full(CONFIG_KEY).test(value)) errs.push(CONFIG_KEY_ERROR);
  if (value === ".") errs.push("must not be '.'");
  else if (value === "..") errs.push("must not be '..'");
  else if (value.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

/** IsValidPortName */
export function portNameErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(value)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(value)) errs.push("must contain at least one letter (a-z)");
  if (value.includes("--")) errs.push("must not contain consecutive hyphens");
  if (value.startsWith("-") || value.endsWith("-")) errs.push("must not begin or end with a hyphen");
  return errs;
}

// ---------------------------------------------------------------- field errors

export const required = (field: string, detail?: string): FieldError => ({ field, type: "Required value", ...(detail ? { detail } : {}) });
export const invalidValue = (field: string, value: unknown, detail: string): FieldError => ({ field, type: "Invalid value", value, detail });
export const duplicate = (field: string, value: unknown): FieldError => ({ field, type: "Duplicate value", value });
export const forbidden = (field: string, detail: string): FieldError => ({ field, type: "Forbidden", detail });
export const notFoundValue = (field: string, value: unknown): FieldError => ({ field, type: "Not found", value });
/** field.TooLong (apimachinery v0.32): the value is omitted, the limit is in bytes. */
export const tooLong = (field: string, maxBytes: number): FieldError => ({ field, type: "Too long", detail: `may not be more than ${maxBytes} bytes` });

/** IsValidPercent's message. */
export const PERCENT_ERROR = regexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%");

/**
 * `%#v` of an intstr.IntOrString. Field errors get the struct by value and its
 * String() has a pointer receiver, so Go prints the struct:
 * `intstr.IntOrString{Type:0, IntVal:0, StrVal:""}` (as real API servers answer
 * for `maxSurge: 0, maxUnavailable: 0`).
 */
export function goIntOrString(v: number | string): string {
  return typeof v === "number" ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}` : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`;
}

/** field.NotSupported: `Unsupported value: "x": supported values: "a", "b"`. */
export function unsupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return { field, type: "Unsupported value", value, detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}` };
}

/**
 * An Invalid error whose value Go prints with `%#v` (maps, structs). errors.ts
 * renders values as JSON, so the Go text travels in `detail` ahead of the reason.
 */
export function invalidGoValue(field: string, goText: string, detail: string): FieldError {
  return { field, type: "Invalid value", detail: `${goText}: ${detail}` };
}

/** `%#v` of a map[string]string: keys sorted, `map[string]string(nil)` for nil. */
export function goStringMap(map: Record<string, string> | undefined | null): string {
  if (map === undefined || map === null) return "map[string]string(nil)";
  const entries = Object.keys(map)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(map[k])}`);
  return `map[string]string{${entries.join(", ")}}`;
}

interface LabelSelectorLike {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** `%#v` of a v1.LabelSelector. */
export function goLabelSelector(selector: LabelSelectorLike | undefined | null): string {
  if (!selector) return "null";
  const expressions = selector.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${selector.matchExpressions
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${
              e.values ? `[]string{${e.values.map((v) => JSON.stringify(v)).join(", ")}}` : "[]string(nil)"
            }}`,
        )
        .join(", ")}}`
    : "[]v1.LabelSelectorRequirement(nil)";
  return `v1.LabelSelector{MatchLabels:${goStringMap(selector.matchLabels)}, MatchExpressions:${expressions}}`;
}
