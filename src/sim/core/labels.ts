/**
 * Label selectors: the string form kubectl takes with `-l`
 * (`app=web,tier!=db,env in (a,b),!legacy,release`) and the structured
 * LabelSelector of manifests (matchLabels + matchExpressions). Semantics from
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import type { ILabelSelector } from "@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector";

export type Labels = Record<string, string>;

export type Requirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!" };

export type Selector = Requirement[];

export function matchesRequirement(labels: Labels | undefined, r: Requirement): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.op) {
    case "=":
      return has && value === r.value;
    case "!=":
      return !has || value !== r.value;
    case "in":
      return has && r.values.includes(value as string);
    case "notin":
      return !has || !r.values.includes(value as string);
    case "exists":
      return has;
    case "!":
      return !has;
  }
}

/** An empty selector matches everything. */
export function matches(labels: Labels | undefined, selector: Selector): boolean {
  return selector.every((r) => matchesRequirement(labels, r));
}

/** Converts a manifest LabelSelector. Note: an empty LabelSelector ({}) matches everything. */
export function fromLabelSelector(sel: ILabelSelector | undefined): Selector {
  if (!sel) return [];
  const out: Selector = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) out.push({ key, op: "=", value });
  for (const e of sel.matchExpressions ?? []) {
    switch (e.operator) {
      case "In":
        out.push({ key: e.key, op: "in", values: e.values ?? [] });
        break;
      case "NotIn":
        out.push({ key: e.key, op: "notin", values: e.values ?? [] });
        break;
      case "Exists":
        out.push({ key: e.key, op: "exists" });
        break;
      case "DoesNotExist":
        out.push({ key: e.key, op: "!" });
        break;
    }
  }
  return out;
}

/** Equality-based selector from a map, as Services and ReplicationControllers use. */
export function fromMap(map: Labels | undefined): Selector {
  return Object.entries(map ?? {}).map(([key, value]) => ({ key, op: "=" as const, value }));
}

export class SelectorParseError extends Error {}

/**
 * Parses kubectl's `-l` syntax. Throws SelectorParseError with
 * apimachinery's wording for malformed input.
 */
export function parseSelector(text: string): Selector {
  const out: Selector = [];
  const parts = splitTopLevel(text.trim());
  for (const raw of parts) {
    const part = raw.trim();
    if (part === "") continue;
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^!\s*([^\s=!(),]+)$/))) out.push({ key: m[1]!, op: "!" });
    else if ((m = part.match(/^([^\s=!(),]+)\s+(in|notin)\s+\(([^)]*)\)$/)))
      out.push({ key: m[1]!, op: m[2] as "in" | "notin", values: m[3]!.split(",").map((v) => v.trim()).filter((v) => v !== "") });
    else if ((m = part.match(/^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/)))
      out.push({ key: m[1]!, op: m[2] === "!=" ? "!=" : "=", value: m[3]! });
    else if ((m = part.match(/^([^\s=!(),]+)$/))) out.push({ key: m[1]!, op: "exists" });
    else throw new SelectorParseError(`unable to parse requirement: found '${part}', expected: identifier`);
  }
  return out;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Renders a selector back to kubectl's string form ("app=web,tier in (a,b)"). */
export function formatSelector(selector: Selector): string {
  return selector
    .map((r) => {
      switch (r.op) {
        case "=":
          return `${r.key}=${r.value}`;
        case "!=":
          return `${r.key}!=${r.value}`;
        case "in":
          return `${r.key} in (${[...r.values].sort().join(",")})`;
        case "notin":
          return `${r.key} notin (${[...r.values].sort().join(",")})`;
        case "exists":
          return r.key;
        case "!":
          return `!${r.key}`;
      }
    })
    .join(",");
}
