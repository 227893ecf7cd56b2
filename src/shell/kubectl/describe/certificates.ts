/**
 * `kubectl describe csr`: a port of describeCertificateSigningRequest in
 * kubectl's describe.go (1.32): the request's metadata, who asked, the
 * signer and requested duration, the status as `get csr` words it, and the
 * subject read from the request itself.
 */
import type { Event, StoredObject } from "../../../sim/api/types.js";
import { parseCertificateRequest, requestBytes } from "../../../sim/api/admission/validation-certificates.js";
import { humanDuration } from "../printers/age.js";
import { csrStatus } from "../printers/columns.js";
import { formatLabels } from "../printers/table.js";
import { describeEvents, rfc1123z } from "./common.js";
import { LEVEL_0, tabbedString, type PrefixWriter } from "./tabwriter.js";

type Csr = StoredObject & { spec?: { username?: string; signerName?: string; expirationSeconds?: number }; status?: { conditions?: { type?: string }[]; certificate?: string } };

/** describe.go's printListHelper: nothing for an empty list, else one value a line under the name. */
function printList(w: PrefixWriter, name: string, values: string[]): void {
  if (values.length === 0) return;
  w.write(LEVEL_0, `\t${name}:\t${values.join("\n\t\t")}\n`);
}

export function describeCertificateSigningRequest(obj: StoredObject, events: Event[] | undefined, now: number): string {
  const csr = obj as Csr;
  const parsed = parseCertificateRequest(requestBytes(csr));
  if (!parsed.ok) return `error: Error parsing CSR: ${parsed.reason}\n`;
  const subject = parsed.request.subject;
  const all = (attr: string) => subject.filter(([k]) => k === attr).map(([, v]) => v);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${csr.metadata.name}\n`);
    w.write(LEVEL_0, `Labels:\t${formatLabels(csr.metadata.labels)}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(csr.metadata.annotations)}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(csr.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Requesting User:\t${csr.spec?.username ?? ""}\n`);
    if (csr.spec?.signerName) w.write(LEVEL_0, `Signer:\t${csr.spec.signerName}\n`);
    if (typeof csr.spec?.expirationSeconds === "number") w.write(LEVEL_0, `Requested Duration:\t${humanDuration(csr.spec.expirationSeconds * 1000)}\n`);
    w.write(LEVEL_0, `Status:\t${csrStatus(csr)}\n`);
    w.write(LEVEL_0, "Subject:\n");
    w.write(LEVEL_0, `\tCommon Name:\t${all("CN")[0] ?? ""}\n`);
    w.write(LEVEL_0, `\tSerial Number:\t${all("serialNumber")[0] ?? ""}\n`);
    printList(w, "Organization", all("O"));
    printList(w, "Organizational Unit", all("OU"));
    printList(w, "Country", all("C"));
    printList(w, "Locality", all("L"));
    printList(w, "Province", all("ST"));
    printList(w, "StreetAddress", all("street"));
    printList(w, "PostalCode", all("postalCode"));
    if (events) describeEvents(events, w, now);
  });
}
