/**
 * `--field-selector` as the API server handles it (get, delete, label, ...,
 * and the grader's count check): parsing, the per-kind field label
 * conversion that refuses fields the kind does not index, and the field
 * values its registry strategy's GetAttrs exposes. Upstream (1.32):
 * pkg/apis/core/v1/conversion.go (Pod, Node, ReplicationController, Event,
 * Namespace, Secret, Service), pkg/apis/batch/v1/conversion.go (Job),
 * apimachinery's DefaultMetaV1FieldSelectorConversion for every other kind,
 * and the strategies' ToSelectableFields (pkg/registry/.../strategy.go).
 */
import { apiVersionOf, type KindInfo } from "../../sim/api/kinds.js";
import { readPath } from "../../sim/api/server.js";
import type { StoredObject } from "../../sim/api/types.js";

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

/** A field selector (`status.phase=Running,spec.nodeName!=node01`) as requirements, or kubectl's parse error. */
export function parseFieldSelector(text: string): FieldRequirement[] | string {
  const out: FieldRequirement[] = [];
  for (const part of text.split(",")) {
    if (part.trim() === "") continue;
    const m = part.match(/^([^=!]+)(==|=|!=)(.*)$/);
    if (!m) return `invalid selector: '${text}'; can't understand '${part}'`;
    out.push({ field: m[1]!.trim(), op: m[2] === "!=" ? "!=" : "=", value: m[3]!.trim() });
  }
  return out;
}

const boolText = (v: unknown) => String(v === true);
const intText = (v: unknown) => String(typeof v === "number" ? v : 0);

interface FieldTable {
  /** Field label → its value in the object (GetAttrs); absent labels are refused. */
  fields: Record<string, (o: StoredObject) => string>;
  /** Old labels the conversion renames (Pod `spec.host` → `spec.nodeName`). */
  renames?: Record<string, string>;
  /** The conversion func's error for a refused label. */
  refuse(label: string): string;
}

const path = (p: string) => (o: StoredObject) => {
  const v = readPath(o, p);
  return v === undefined || v === null ? "" : String(v);
};
const NAME = { "metadata.name": path("metadata.name") };
const META = { ...NAME, "metadata.namespace": path("metadata.namespace") };
const notSupported = (label: string) => `field label not supported: ${label}`;

const TABLES: Record<string, FieldTable> = {
  "v1/Pod": {
    fields: {
      ...META,
      "spec.nodeName": path("spec.nodeName"),
      "spec.restartPolicy": path("spec.restartPolicy"),
      "spec.schedulerName": path("spec.schedulerName"),
      "spec.serviceAccountName": path("spec.serviceAccountName"),
      "spec.hostNetwork": (o) => boolText(readPath(o, "spec.hostNetwork")),
      "status.phase": path("status.phase"),
      // PodToSelectableFields reads the first of status.podIPs.
      "status.podIP": (o) => String((readPath(o, "status.podIPs") as { ip?: string }[] | undefined)?.[0]?.ip ?? readPath(o, "status.podIP") ?? ""),
      "status.nominatedNodeName": path("status.nominatedNodeName"),
    },
    renames: { "spec.host": "spec.nodeName" },
    refuse: notSupported,
  },
  "v1/Node": { fields: { ...NAME, "spec.unschedulable": (o) => boolText(readPath(o, "spec.unschedulable")) }, refuse: notSupported },
  "v1/ReplicationController": { fields: { ...META, "status.replicas": (o) => intText(readPath(o, "status.replicas")) }, refuse: notSupported },
  "v1/Event": {
    fields: {
      ...META,
      ...Object.fromEntries(["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"].map((f) => [`involvedObject.${f}`, path(`involvedObject.${f}`)])),
      reason: path("reason"),
      reportingComponent: path("reportingComponent"),
      source: path("source.component"),
      type: path("type"),
    },
    refuse: notSupported,
  },
  "v1/Namespace": { fields: { ...NAME, "status.phase": path("status.phase") }, refuse: notSupported },
  "v1/Secret": { fields: { ...META, type: path("type") }, refuse: notSupported },
  "v1/Service": { fields: { ...META, "spec.clusterIP": path("spec.clusterIP"), "spec.type": path("spec.type") }, refuse: notSupported },
  "batch/v1/Job": {
    fields: { ...META, "status.successful": (o) => intText(readPath(o, "status.succeeded")) },
    refuse: (label) => `field label ${JSON.stringify(label)} not supported for Job`,
  },
};

/** DefaultMetaV1FieldSelectorConversion: every kind without its own conversion func. */
const DEFAULT_TABLE: FieldTable = {
  fields: META,
  refuse: (label) => `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

function tableFor(info: KindInfo): FieldTable {
  return TABLES[`${apiVersionOf(info)}/${info.kind}`] ?? DEFAULT_TABLE;
}

/**
 * The requirements after the kind's field label conversion, or the API
 * server's message for the first label it refuses (a BadRequest).
 */
export function convertFieldSelector(info: KindInfo, requirements: readonly FieldRequirement[]): { ok: true; requirements: FieldRequirement[] } | { ok: false; message: string } {
  const table = tableFor(info);
  const out: FieldRequirement[] = [];
  for (const r of requirements) {
    const field = table.renames?.[r.field] ?? r.field;
    if (!table.fields[field]) return { ok: false, message: table.refuse(r.field) };
    out.push({ ...r, field });
  }
  return { ok: true, requirements: out };
}

/**
 * Whether the object meets converted requirements. A field the object's
 * attributes lack (metadata.namespace of a cluster-scoped object) reads as "".
 */
export function matchesFields(info: KindInfo, object: StoredObject, requirements: readonly FieldRequirement[]): boolean {
  const table = tableFor(info);
  return requirements.every((r) => {
    const read = table.fields[r.field];
    const value = read && !(r.field === "metadata.namespace" && !info.namespaced) ? read(object) : "";
    return (value === r.value) === (r.op === "=");
  });
}

/**
 * kubectl's text for the refused selector: the BadRequest from the server as
 * cli-runtime's EnhanceListError words it (resource/helper.go), naming the
 * GroupVersionResource and both selectors as given.
 */
export function fieldSelectorErrorText(info: KindInfo, labelSelector: string, fieldSelector: string, message: string): string {
  const resource = `${info.group}/${info.version}, Resource=${info.plural}`;
  return `Error from server (BadRequest): Unable to find ${JSON.stringify(resource)} that match label selector ${JSON.stringify(labelSelector)}, field selector ${JSON.stringify(fieldSelector)}: ${message}`;
}
