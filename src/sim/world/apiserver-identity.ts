/**
 * API server identity leases (https://kubernetes.io/docs/concepts/architecture/leases/#api-server-identity,
 * feature APIServerIdentity, on by default): each running kube-apiserver keeps a Lease in kube-system
 * named `apiserver-` + the lowercase unpadded base32 of the first 16 bytes of sha256(hostname),
 * held by `NAME_UUID`, leaseDurationSeconds 3600, renewed every 10 s, labelled
 * apiserver.kubernetes.io/identity=kube-apiserver and kubernetes.io/hostname. Leases of API
 * servers gone for longer than their duration are deleted by the running ones (the
 * apiserver-lease garbage collector).
 */
import { createHash } from "node:crypto";
import type { Pod, StoredObject } from "../api/types.js";
import { kindNamed } from "../api/kinds.js";
import type { Loop } from "../core/loop.js";
import { fakeDigest } from "../core/digest.js";
import { CONFIG_HASH, CONFIG_MIRROR } from "../kubelet/static-pods.js";
import { apiServing, controlPlaneHostNames, LEASE, leaseSpecOf, microTime } from "./control-plane.js";
import type { World } from "./world.js";
import { parseTimestamp } from "../core/clock.js";

const POD = kindNamed("Pod")!;
export const IDENTITY_LEASE_DURATION_SECONDS = 3600;
export const IDENTITY_LEASE_RENEW_INTERVAL_MS = 10_000;
const IDENTITY_LABEL = "apiserver.kubernetes.io/identity";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(bytes). */
function base32NoPadding(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** The API server's ID on a host (genericapiserver: "apiserver-" + base32 of sha256(hostname)[:16], lower-cased). */
export function apiServerId(hostname: string): string {
  const hash = createHash("sha256").update(hostname).digest();
  return `apiserver-${base32NoPadding(hash.subarray(0, 16)).toLowerCase()}`;
}

function runningApiServers(world: World): { host: string; process: string }[] {
  return world.api
    .list<Pod>(POD, "kube-system")
    .filter(
      (p) =>
        p.metadata.labels?.component === "kube-apiserver" &&
        p.metadata.annotations?.[CONFIG_MIRROR] !== undefined &&
        world.hosts.get(p.spec?.nodeName ?? "")?.off !== true &&
        (p.status?.containerStatuses ?? []).some((s) => s.state?.running !== undefined),
    )
    .map((p) => ({ host: p.spec!.nodeName!, process: `${p.metadata.annotations?.[CONFIG_HASH] ?? ""}/${p.status?.containerStatuses?.[0]?.restartCount ?? 0}` }));
}

/** A version-1 UUID's shape from a digest: one per API server process. */
function uuidFrom(seed: string): string {
  const h = fakeDigest(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-1${h.slice(13, 16)}-${"89ab"[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class ApiServerIdentityLeases implements Loop<World> {
  readonly name = "apiserver-identity-leases";
  readonly renewsOnTimer = true;

  reconcile(world: World): boolean {
    if (controlPlaneHostNames(world).length === 0 || !apiServing(world)) return false;
    const now = world.clock.now();
    let changed = false;
    const servers = runningApiServers(world);
    const live = new Set<string>();
    for (const { host, process } of servers) {
      const name = apiServerId(host);
      live.add(name);
      const holder = `${name}_${uuidFrom(`kube-apiserver/${host}/${process}`)}`;
      const spec = leaseSpecOf(world.api.find(LEASE, "kube-system", name));
      if (!spec) {
        changed = world.api.create(LEASE, identityLease(name, holder, host, now), "kube-system", { builtByModel: true }).ok || changed;
      } else if (spec.holderIdentity !== holder) {
        // A restarted API server is a new holder of the same lease.
        const lease = world.api.find(LEASE, "kube-system", name)!;
        changed = world.api.update(LEASE, { ...lease, spec: { ...spec, holderIdentity: holder, renewTime: microTime(now) } } as StoredObject, { builtByModel: true }).ok || changed;
      } else if (now >= (parseTimestamp(spec.renewTime ?? "") || 0) + IDENTITY_LEASE_RENEW_INTERVAL_MS) {
        changed = world.api.heartbeat(LEASE, "kube-system", name, { renewTime: microTime(now) }) || changed;
      }
    }
    // The garbage collector of identity leases: expired ones of API servers that are gone.
    for (const lease of world.api.list(LEASE, "kube-system")) {
      if (lease.metadata.labels?.[IDENTITY_LABEL] !== "kube-apiserver" || live.has(lease.metadata.name)) continue;
      const spec = leaseSpecOf(lease);
      if (now > (parseTimestamp(spec?.renewTime ?? "") || 0) + (spec?.leaseDurationSeconds ?? IDENTITY_LEASE_DURATION_SECONDS) * 1000) {
        world.api.finalizeDeletion(LEASE, "kube-system", lease.metadata.name);
        changed = true;
      }
    }
    return changed;
  }

  /** The next renewal of a running API server's lease, or when a gone one's expires; nothing while the API cannot be written. */
  nextWakeAt(world: World): number | undefined {
    if (controlPlaneHostNames(world).length === 0 || !apiServing(world)) return undefined;
    const live = new Set(runningApiServers(world).map((s) => apiServerId(s.host)));
    let earliest: number | undefined;
    for (const lease of world.api.list(LEASE, "kube-system")) {
      if (lease.metadata.labels?.[IDENTITY_LABEL] !== "kube-apiserver") continue;
      const spec = leaseSpecOf(lease);
      const renewedAt = parseTimestamp(spec?.renewTime ?? "") || 0;
      const at = live.has(lease.metadata.name) ? renewedAt + IDENTITY_LEASE_RENEW_INTERVAL_MS : renewedAt + (spec?.leaseDurationSeconds ?? IDENTITY_LEASE_DURATION_SECONDS) * 1000 + 1;
      if (earliest === undefined || at < earliest) earliest = at;
    }
    return earliest;
  }
}

function identityLease(name: string, holder: string, host: string, now: number): StoredObject {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name, namespace: "kube-system", labels: { [IDENTITY_LABEL]: "kube-apiserver", "kubernetes.io/hostname": host } },
    spec: { holderIdentity: holder, leaseDurationSeconds: IDENTITY_LEASE_DURATION_SECONDS, renewTime: microTime(now) },
  } as unknown as StoredObject;
}
