/**
 * kubectl's generic describer (describe.go genericDescriber, printUnstructuredContent and
 * smartLabelFor): what `kubectl describe` prints for a kind it has no describer of its own for,
 * such as Lease. Name, Namespace, Labels, Annotations, then every other field of the object in
 * sorted order, nested maps indented, labels made from the field names ("holderIdentity" →
 * "Holder Identity", acronyms upper-cased), managedFields skipped, then the events.
 */
import type { Event, StoredObject } from "../../../sim/api/types.js";
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from "./common.js";
import { LEVEL_0, tabbedString, type PrefixWriter } from "./tabwriter.js";

const SKIPPED = [".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"];
const COMMON_ACRONYMS = ["API", "URL", "UID", "OSB", "GUID"];

export function describeGeneric(obj: StoredObject, events: Event[] | undefined, now: number): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", obj.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", obj.metadata.annotations);
    printUnstructuredContent(w, LEVEL_0, obj as unknown as Record<string, unknown>, "");
    describeEvents(events, w, now);
  });
}

/** Go's %v of a JSON scalar as unstructured holds it. */
function goValue(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  return String(value);
}

function printUnstructuredContent(w: PrefixWriter, level: number, content: Record<string, unknown>, skipPrefix: string): void {
  // sort.Strings: byte order.
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${skipPrefix}.${field}`;
    if (SKIPPED.includes(path)) continue;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value as Record<string, unknown>, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === "object" && !Array.isArray(child)) printUnstructuredContent(w, level + 1, child as Record<string, unknown>, path);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

/** smartLabelFor: a field name of letters and '-' split as fatih/camelcase splits it, each part titled or an acronym. */
export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelcaseSplit(field)
    .filter((part) => part !== "_")
    .map((part) => (COMMON_ACRONYMS.includes(part.toUpperCase()) ? part.toUpperCase() : part.charAt(0).toUpperCase() + part.slice(1)))
    .join(" ");
}

/** fatih/camelcase Split: runs of one character class (lower, upper, digit, other); an upper run followed by lower letters gives its last letter to them. */
export function camelcaseSplit(text: string): string[] {
  const classOf = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of text) {
    const cls = classOf(c);
    if (cls === last && runs.length > 0) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = cls;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (classOf(runs[i]![0]!) === 2 && classOf(runs[i + 1]![0]!) === 1) {
      runs[i + 1] = [runs[i]!.pop()!, ...runs[i + 1]!];
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(""));
}
