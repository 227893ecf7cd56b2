/**
 * What a ReplicaSet's sync counts of its pods (active ones, fully labelled,
 * ready), kept per ReplicaSet from the pod change log, so a sync does not walk
 * all 10,000 pods of a ReplicaSet each time one of them is created or becomes
 * ready. The real controller recounts from its informer's cache on every sync;
 * the counts here are the same numbers, kept up to date instead of recounted
 * (replicaset.test.ts and world.test.ts compare both ways).
 */
import { kindNamed } from "../api/kinds.js";
import type { ChangeCursor } from "../api/store.js";
import { storageKey } from "../api/storage-keys.js";
import type { Pod, ReplicaSet } from "../api/types.js";
import { fromLabelSelector, matches, type Selector } from "../core/labels.js";
import type { World } from "../world/world.js";
import { controllerRefOf, isPodActive, isPodReady } from "./ownership.js";

const POD = kindNamed("Pod")!;

interface Member {
  pod: Pod;
  /** Counted in the totals: its labels match the selector and it is active. */
  counted: boolean;
  fullyLabeled: boolean;
  ready: boolean;
}

/** One ReplicaSet's pods (those whose controller it is) and the totals over the counted ones. */
export class Tally {
  readonly members = new Map<string, Member>();
  /** Storage keys of controlled pods whose labels no longer match the selector (to be released). */
  readonly nonMatching = new Set<string>();
  active = 0;
  fullyLabeled = 0;
  ready = 0;

  constructor(
    readonly signature: string,
    private readonly selector: Selector,
    private readonly templateLabels: [string, string][],
  ) {}

  put(key: string, pod: Pod): void {
    this.remove(key);
    const matched = matches(pod.metadata.labels, this.selector);
    const member: Member = {
      pod,
      counted: matched && isPodActive(pod),
      fullyLabeled: hasTemplateLabels(pod, this.templateLabels),
      ready: isPodReady(pod),
    };
    this.members.set(key, member);
    if (!matched) this.nonMatching.add(key);
    this.count(member, 1);
  }

  remove(key: string): void {
    const member = this.members.get(key);
    if (!member) return;
    this.members.delete(key);
    this.nonMatching.delete(key);
    this.count(member, -1);
  }

  private count(member: Member, by: 1 | -1): void {
    if (!member.counted) return;
    this.active += by;
    if (member.fullyLabeled) this.fullyLabeled += by;
    if (member.ready) this.ready += by;
  }

  /** The counted pods, in no particular order. */
  *countedPods(): Iterable<Pod> {
    for (const member of this.members.values()) if (member.counted) yield member.pod;
  }
}

/** calculateStatus's fullyLabeledReplicas test: the pod carries every label of the template. */
export function hasTemplateLabels(pod: Pod, templateLabels: readonly [string, string][]): boolean {
  return templateLabels.every(([k, v]) => pod.metadata.labels?.[k] === v);
}

/** What the totals depend on besides the pods: the selector and the template's labels. */
function signatureOf(rs: ReplicaSet): string {
  return `${JSON.stringify(rs.spec?.selector ?? null)}|${JSON.stringify(rs.spec?.template?.metadata?.labels ?? {})}`;
}

export class ReplicaSetTallies {
  private cursor: ChangeCursor | undefined;
  private readonly byOwner = new Map<string, Tally>();
  /** Pod storage key → the uid of the ReplicaSet whose tally holds it. */
  private readonly ownerOfKey = new Map<string, string>();

  /** Brings every tally up to date with the pods written or removed since the last look. */
  refresh(world: World): void {
    const changes = world.api.changedSince(POD, this.cursor);
    this.cursor = world.api.cursor();
    if (!changes) {
      this.byOwner.clear();
      this.ownerOfKey.clear();
      return;
    }
    for (const key of changes) {
      const held = this.ownerOfKey.get(key);
      if (held !== undefined) {
        this.byOwner.get(held)?.remove(key);
        this.ownerOfKey.delete(key);
      }
      const pod = world.api.etcdStorage().read(key) as Pod | undefined;
      const owner = pod && controllerRefOf(pod)?.uid;
      const tally = owner !== undefined ? this.byOwner.get(owner) : undefined;
      if (pod && tally) {
        tally.put(key, pod);
        this.ownerOfKey.set(key, owner!);
      }
    }
  }

  /** The ReplicaSet's tally, counted afresh from its pods when it has none or its selector or template labels changed. */
  of(world: World, rs: ReplicaSet): Tally {
    const signature = signatureOf(rs);
    const known = this.byOwner.get(rs.metadata.uid);
    if (known && known.signature === signature) return known;
    if (known) for (const key of known.members.keys()) this.ownerOfKey.delete(key);
    const tally = new Tally(signature, fromLabelSelector(rs.spec?.selector), Object.entries(rs.spec?.template?.metadata?.labels ?? {}));
    for (const pod of world.api.listControlledBy<Pod>(POD, rs.metadata.namespace!, rs)) {
      const key = storageKey(POD, pod.metadata.namespace, pod.metadata.name);
      tally.put(key, pod);
      this.ownerOfKey.set(key, rs.metadata.uid);
    }
    this.byOwner.set(rs.metadata.uid, tally);
    return tally;
  }

  /** Forgets ReplicaSets that are gone. */
  keepOnly(live: ReadonlySet<string>): void {
    for (const [uid, tally] of this.byOwner) {
      if (live.has(uid)) continue;
      for (const key of tally.members.keys()) this.ownerOfKey.delete(key);
      this.byOwner.delete(uid);
    }
  }
}
