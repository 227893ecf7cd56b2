/**
 * kube-controller-manager's csrcleaner (pkg/controller/certificates/cleaner):
 * every hour it deletes the CertificateSigningRequests that are done with:
 * approved and issued, denied or failed for more than an hour (by the
 * condition's lastUpdateTime), pending for more than 24 hours, or issued with
 * a certificate past its NotAfter. The polls fall on the virtual clock's
 * whole hours, and a pass judges each request as the last poll would have,
 * so the loop keeps no state and skipping idle time changes nothing.
 */
import { readCertificate } from "../api/auth/certificates.js";
import { kindNamed } from "../api/kinds.js";
import type { StoredObject } from "../api/types.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { parseTimestamp } from "../core/clock.js";

const CSR = kindNamed("CertificateSigningRequest")!;
const HOUR = 3_600_000;
export const POLLING_INTERVAL_MS = HOUR;
export const APPROVED_EXPIRATION_MS = HOUR;
export const DENIED_EXPIRATION_MS = HOUR;
export const PENDING_EXPIRATION_MS = 24 * HOUR;

type Condition = { type?: string; lastUpdateTime?: string };
type Csr = StoredObject & { status?: { conditions?: Condition[]; certificate?: string } };

/** isOlderThan: a set time more than `d` before the poll. */
const olderThan = (time: string | undefined, d: number, poll: number) => time !== undefined && parseTimestamp(time) < poll - d;

function certificateNotAfter(csr: Csr): number | undefined {
  if (!csr.status?.certificate) return undefined;
  return readCertificate(Buffer.from(csr.status.certificate, "base64").toString("utf8"))?.notAfter;
}

/** handle(): whether the poll at `poll` deletes the request. */
export function cleanedAt(csr: Csr, poll: number): boolean {
  const conditions = csr.status?.conditions ?? [];
  const issued = Boolean(csr.status?.certificate);
  if (conditions.length === 0) return olderThan(csr.metadata.creationTimestamp, PENDING_EXPIRATION_MS, poll);
  for (const c of conditions) {
    if (c.type === "Approved" && issued && olderThan(c.lastUpdateTime, APPROVED_EXPIRATION_MS, poll)) return true;
    if ((c.type === "Denied" || c.type === "Failed") && olderThan(c.lastUpdateTime, DENIED_EXPIRATION_MS, poll)) return true;
    if (c.type === "Approved" && issued && poll > (certificateNotAfter(csr) ?? Number.POSITIVE_INFINITY)) return true;
  }
  return false;
}

export class CertificateCleanerController implements Loop<World> {
  readonly name = "csrcleaner-controller";

  reconcile(world: World): boolean {
    const poll = Math.floor(world.clock.now() / POLLING_INTERVAL_MS) * POLLING_INTERVAL_MS;
    let changed = false;
    for (const csr of world.api.list<Csr>(CSR)) {
      if (cleanedAt(csr, poll) && world.api.delete(CSR, undefined, csr.metadata.name).ok) changed = true;
    }
    return changed;
  }

  /** The next whole hour, while any request is left for a later poll to judge. */
  nextWakeAt(world: World): number | undefined {
    if (world.api.list(CSR).length === 0) return undefined;
    return (Math.floor(world.clock.now() / POLLING_INTERVAL_MS) + 1) * POLLING_INTERVAL_MS;
  }
}
