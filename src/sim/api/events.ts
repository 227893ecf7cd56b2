/**
 * Records core/v1 Events the way client-go's event recorder does: one Event
 * object per (object, reason, message, source), its count and lastTimestamp
 * bumped when the same thing happens again. `kubectl describe` and
 * `kubectl get events` read them back.
 */
import type { Clock } from "../core/clock.js";
import { kindNamed, apiVersionOf } from "./kinds.js";
import type { ApiServer } from "./server.js";
import type { Event, StoredObject } from "./types.js";
import { compareBytes } from "../core/compare.js";

export type EventType = "Normal" | "Warning";

export interface EventSource {
  component: string;
  host?: string;
}

const EVENT = kindNamed("Event")!;

export class EventRecorder {
  private sequence = 0;

  /** Saved and restored with the world, so Event names go on where they stopped. */
  get sequenceState(): number {
    return this.sequence;
  }

  set sequenceState(value: number) {
    this.sequence = value;
  }

  constructor(
    private readonly api: ApiServer,
    private readonly clock: Clock,
  ) {}

  record(object: StoredObject, type: EventType, reason: string, message: string, source: EventSource, fieldPath?: string): void {
    const namespace = object.metadata.namespace ?? "default";
    const found = this.api.findSameEvent<Event>(EVENT, namespace, {
      involvedObject: { uid: object.metadata.uid, ...(fieldPath ? { fieldPath } : {}) },
      reason,
      message,
      source: { component: source.component },
    });
    const now = this.clock.nowIso();
    if (found) {
      const existing = structuredClone(found);
      existing.count = (existing.count ?? 1) + 1;
      existing.lastTimestamp = now;
      this.api.update(EVENT, existing, { builtByModel: true });
      return;
    }
    const info = kindNamed(object.kind);
    // Event names are the object's name plus a hex timestamp, unique per recorder.
    const stamp = (this.clock.now() * 1000 + this.sequence++).toString(16);
    this.api.create(
      EVENT,
      {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name: `${object.metadata.name}.${stamp}`, namespace },
        involvedObject: {
          apiVersion: info ? apiVersionOf(info) : object.apiVersion,
          kind: object.kind,
          name: object.metadata.name,
          namespace: object.metadata.namespace,
          uid: object.metadata.uid,
          resourceVersion: object.metadata.resourceVersion,
          ...(fieldPath ? { fieldPath } : {}),
        },
        reason,
        message,
        source: source.host ? { component: source.component, host: source.host } : { component: source.component },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? "",
      },
      namespace,
      { builtByModel: true },
    );
  }

  /** Events about one object, oldest first. */
  about(object: StoredObject): Event[] {
    return this.api
      .list<Event>(EVENT, object.metadata.namespace ?? "default", { fieldSelector: { "involvedObject.uid": object.metadata.uid } })
      .sort((a, b) => compareBytes(a.lastTimestamp ?? "", b.lastTimestamp ?? ""));
  }
}
