/**
 * `kubectl events [--for TYPE/NAME] [--types=Normal,Warning] [-A] [-o FORMAT]`: the namespace's
 * (or every namespace's) core/v1 Events, sorted by when they last happened, in kubectl's own
 * LAST SEEN / TYPE / REASON / OBJECT / MESSAGE table. A port of kubectl/pkg/cmd/events/events.go
 * and event_printer.go (1.32); `--watch` is not simulated.
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_events/
 */
import { apiVersionOf, kindNamed, resolveResource } from "../../sim/api/kinds.js";
import type { Event } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { goSort } from "./go-sort.js";
import { parseOutputFormat, printObjects } from "./output.js";
import { humanDuration } from "./printers/age.js";
import { formatTabular } from "./printers/table.js";
import { defineVerb, type KubectlContext } from "./verb.js";
import { parseTimestamp } from "../../sim/core/clock.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EVENT = kindNamed("Event")!;

export const eventsVerb = defineVerb({
  name: "events",
  helpKey: "events",
  overrides: { slices: ["types"] },
  execute: (ctx) => events(ctx),
});

/** The --for object as the field selector names it (involvedObject.kind, .apiVersion, .name). */
interface ForObject {
  kind: string;
  apiVersion: string;
  name: string;
}

function events(ctx: KubectlContext): CommandResult {
  const allNamespaces = ctx.flags.bool("all-namespaces");
  // ToOptions: --for is resolved first, then the printer; Validate checks --types after both.
  let forObject: ForObject | undefined;
  const forText = ctx.flags.string("for");
  if (forText !== "") {
    const decoded = decodeResourceTypeName(forText);
    if (typeof decoded === "string") return failure(decoded);
    forObject = decoded;
  }
  const format = parseOutputFormat(ctx.flags.string("output"), false, ctx.flags.string("template"));
  if (!format.ok) return failure(format.error);
  const types = ctx.flags.strings("types");
  if (types.some((t) => !equalFold(t, "Normal") && !equalFold(t, "Warning"))) return failure("error: valid --types are Normal or Warning");
  if (ctx.flags.bool("watch")) return failure("kadet: 'kubectl events --watch' is not simulated");

  let items = ctx.world.api.list<Event>(EVENT, allNamespaces ? undefined : ctx.namespace);
  // An empty name (`--for pod/`) sets no field selector at all, as upstream's `o.forName != ""`.
  if (forObject && forObject.name !== "") {
    const { kind, apiVersion, name } = forObject;
    items = items.filter((e) => e.involvedObject?.kind === kind && e.involvedObject?.apiVersion === apiVersion && e.involvedObject?.name === name);
  }
  if (types.length > 0) items = items.filter((e) => types.some((t) => equalFold(t, e.type ?? "")));
  if (items.length === 0) {
    const notice = allNamespaces ? "No events found.\n" : `No events found in ${ctx.namespace} namespace.\n`;
    return { stdout: "", stderr: notice, exitCode: 0 };
  }
  const sorted = goSort([...items], (a, b) => eventTime(a) < eventTime(b));
  const now = ctx.world.clock.now();
  if (format.format === undefined) return { stdout: printEventTable(sorted, now, ctx.flags.bool("no-headers"), allNamespaces), stderr: "", exitCode: 0 };
  const list = { kind: "EventList", apiVersion: "v1", metadata: {}, items: sorted.map(typedEvent) };
  // The name printer refuses a typed list and events.go ignores the printer's error: nothing is printed.
  if (format.format.kind === "name") return { stdout: "", stderr: "", exitCode: 0 };
  const printed = printObjects([list as never], format.format, { now, single: true, keyOrder: "asIs" });
  if ("error" in printed) return failure(printed.error.replace(/\n$/, ""));
  return { stdout: printed.stdout, stderr: "", exitCode: 0 };
}

/** strings.EqualFold for the ASCII words --types takes. */
function equalFold(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** decodeResourceTypeName: TYPE/NAME through the REST mapper, with events.go's errors. */
function decodeResourceTypeName(text: string): ForObject | string {
  if (!text.includes("/")) return "error: --for must be in resource/name form";
  const parts = text.split("/");
  if (parts.length !== 2) return "error: arguments in resource/name form may not have more than one slash";
  const info = resolveResource(parts[0]!);
  // A NoResourceMatchError reaches CheckErr bare: it prints without the "error: " prefix.
  if (!info) return `the server doesn't have a resource type "${parts[0]!.toLowerCase()}"`;
  return { kind: info.kind, apiVersion: apiVersionOf(info), name: parts[1]! };
}

/** eventTime: the series' last observation, else lastTimestamp, else eventTime (ms; 0 when unset). */
function eventTime(e: Event): number {
  const text = (e as Obj).series?.lastObservedTime ?? (e.lastTimestamp || e.eventTime);
  const ms = text ? parseTimestamp(text) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

function since(timestamp: string | null | undefined, now: number): string {
  const ms = timestamp ? parseTimestamp(timestamp) : NaN;
  return Number.isNaN(ms) ? "<unknown>" : humanDuration(now - ms);
}

/** getInterval: "60s", or "60s (x4 over 6m35s)" for a repeated event. */
function interval(e: Obj, now: number): string {
  const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** EventPrinter: its own columns (Kind/Name as stored, not lower-cased as in `get events`). */
function printEventTable(items: readonly Event[], now: number, noHeaders: boolean, allNamespaces: boolean): string {
  const lines: string[][] = [];
  if (!noHeaders) lines.push([...(allNamespaces ? ["NAMESPACE"] : []), "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
  for (const e of items as readonly Obj[]) {
    const row = [interval(e, now), escapeTerminal(e.type ?? ""), escapeTerminal(e.reason ?? ""),
      `${escapeTerminal(e.involvedObject?.kind ?? "")}/${escapeTerminal(e.involvedObject?.name ?? "")}`,
      escapeTerminal(String(e.message ?? "").trim())];
    lines.push(allNamespaces ? [e.metadata?.namespace ?? "", ...row] : row);
  }
  return formatTabular(lines);
}

/** printers.EscapeTerminal (cli-runtime terminal.go): ESC and CR are written as "^[" and "\\r". */
function escapeTerminal(text: string): string {
  return text.replaceAll("\x1b", "^[").replaceAll("\r", "\\r");
}

/**
 * The Event as client-go's typed corev1.Event marshals it: Go field order, omitempty where the
 * struct says so (reportingComponent, reportingInstance and the three times are always there),
 * managedFields dropped as --show-managed-fields=false does.
 */
function typedEvent(e: Event): Obj {
  const o = e as Obj;
  const out: Obj = { kind: "Event", apiVersion: "v1", metadata: typedObjectMeta(o.metadata ?? {}) };
  if (o.involvedObject !== undefined) out.involvedObject = pick(o.involvedObject, ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"]);
  else out.involvedObject = {};
  setIf(out, "reason", o.reason);
  setIf(out, "message", o.message);
  out.source = pick(o.source ?? {}, ["component", "host"]);
  out.firstTimestamp = o.firstTimestamp ?? null;
  out.lastTimestamp = o.lastTimestamp ?? null;
  if (o.count) out.count = o.count;
  setIf(out, "type", o.type);
  out.eventTime = o.eventTime ?? null;
  if (o.series) out.series = pick(o.series, ["count", "lastObservedTime"]);
  setIf(out, "action", o.action);
  if (o.related) out.related = pick(o.related, ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"]);
  out.reportingComponent = o.reportingComponent ?? "";
  out.reportingInstance = o.reportingInstance ?? "";
  return out;
}

function typedObjectMeta(m: Obj): Obj {
  const out = pick(m, ["name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation"]);
  out.creationTimestamp = m.creationTimestamp ?? null;
  return { ...out, ...pick(m, ["deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers"]) };
}

/** The keys of `from` in `order` whose values Go's omitempty keeps (not "", 0, empty, or unset). */
function pick(from: Obj, order: string[]): Obj {
  const out: Obj = {};
  for (const key of order) setIf(out, key, from[key]);
  return out;
}

function setIf(out: Obj, key: string, value: unknown): void {
  if (value === undefined || value === null || value === "" || value === 0) return;
  if (typeof value === "object" && Object.keys(value).length === 0) return;
  out[key] = value;
}
