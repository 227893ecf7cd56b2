/**
 * Pieces every describer shares, ported from kubectl's
 * staging/src/k8s.io/kubectl/pkg/describe/describe.go: the multi-line
 * labels/annotations/taints/tolerations blocks (printLabelsMultiline,
 * printAnnotationsMultiline, printNodeTaintsMultiline,
 * printPodTolerationsMultiline), DescribeEvents, printController, and the
 * RFC1123Z time format describe uses for timestamps.
 */
import type { Event, StoredObject } from "../../../sim/api/types.js";
import { translateTimestampSince } from "../printers/age.js";
import { LEVEL_0, LEVEL_1, type PrefixWriter } from "./tabwriter.js";
import { parseTimestamp } from "../../../sim/core/clock.js";

// Loosely typed views of API objects: describers read many optional fields.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/** The annotation describe never shows (skipAnnotations in describe.go). */
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
/** maxAnnotationLen in describe.go. */
const MAX_ANNOTATION_LEN = 140;

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Go's time.RFC1123Z ("Mon, 02 Jan 2006 15:04:05 -0700") in UTC, kadet's zone. */
export function rfc1123z(timestamp: string | null | undefined): string {
  // A missing metav1.Time is Go's zero time.
  const ms = timestamp ? parseTimestamp(timestamp) : Number.NaN;
  if (Number.isNaN(ms)) return "Mon, 01 Jan 0001 00:00:00 +0000";
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** printLabelsMultilineWithIndent: `Title:\tk=v` then `\tk2=v2`, sorted, `<none>` when empty. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, initialIndent = ""): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

/** printAnnotationsMultiline: `key: value`, long or multi-line values on their own indented lines. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort();
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    const value = annotations![key]!.replace(/\n$/, "");
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split("\n")) w.write(LEVEL_0, `\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

/** v1.Taint.ToString: `key=value:Effect`, `key:Effect` without a value. */
export function taintString(taint: Obj): string {
  return taint.value ? `${taint.key}=${taint.value}:${taint.effect}` : `${taint.key}:${taint.effect}`;
}

/** printTaintsMultilineWithIndent: sorted by effect then key. */
export function printNodeTaintsMultiline(w: PrefixWriter, title: string, taints: Obj[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const key = (t: Obj) => `${t.effect ?? ""},${t.key ?? ""}`;
  const sorted = [...taints].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  sorted.forEach((taint, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    w.write(LEVEL_0, `${taintString(taint)}\n`);
  });
}

/** printTolerationsMultilineWithIndent: `key=value:Effect op=Exists for 300s`, sorted by key. */
export function printPodTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Obj[] | undefined, initialIndent = ""): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const sorted = [...tolerations].sort((a, b) => ((a.key ?? "") < (b.key ?? "") ? -1 : (a.key ?? "") > (b.key ?? "") ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    let text = t.key ?? "";
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    // An `operator: Exists` with neither key nor effect tolerates everything.
    if (t.operator === "Exists" && !t.value) text += t.key || t.effect ? " op=Exists" : "op=Exists";
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) text += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${text}\n`);
  });
}

/** printController: `Kind/name` of the controlling owner, or "". */
export function controllerOf(obj: StoredObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : "";
}

/** stringOrNone. */
export function orNone(s: string | undefined | null): string {
  return s ? s : "<none>";
}

/**
 * searchEvents: the events whose involvedObject is this object (by uid,
 * name and namespace), as the field selector in describe.go asks for them.
 */
export function eventsFor(all: readonly Event[], obj: StoredObject): Event[] {
  return all.filter(
    (e) =>
      e.involvedObject.uid === obj.metadata.uid &&
      e.involvedObject.name === obj.metadata.name &&
      (e.involvedObject.namespace ?? "") === (obj.metadata.namespace ?? ""),
  );
}

/** event.SortableEvents: by lastTimestamp (or eventTime), oldest first; ties keep list order. */
function eventTime(e: Event): number {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime;
  return t ? parseTimestamp(String(t)) : 0;
}

/**
 * DescribeEvents: flushes the writer so the table aligns on its own, then
 * `Type  Reason  Age  From  Message`, the age as "5s" or "2m (x3 over 5m)".
 */
export function describeEvents(events: readonly Event[] | undefined, w: PrefixWriter, now: number): void {
  if (events === undefined) return;
  if (events.length === 0) {
    w.write(LEVEL_0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => eventTime(a.e) - eventTime(b.e) || a.i - b.i);
  w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
  for (const { e } of sorted) {
    const firstSince = e.eventTime ? translateTimestampSince(String(e.eventTime), now) : translateTimestampSince(e.firstTimestamp, now);
    let interval: string;
    if (e.series) interval = `${translateTimestampSince(String(e.series.lastObservedTime), now)} (x${e.series.count} over ${firstSince})`;
    else if ((e.count ?? 0) > 1) interval = `${translateTimestampSince(e.lastTimestamp, now)} (x${e.count} over ${firstSince})`;
    else interval = firstSince;
    const source = e.source?.component || e.reportingComponent || "";
    // kubectl 1.32's DescribeEvents prints the message alone; the "fieldPath: " prefix came later.
    const message = (e.message ?? "").trim();
    w.write(LEVEL_1, `${e.type ?? ""}\t${e.reason ?? ""}\t${interval}\t${source}\t${message}\n`);
  }
}
