/**
 * `kubectl certificate approve|deny` (kubectl/pkg/cmd/certificates): adds
 * the Approved or Denied condition to each named CertificateSigningRequest
 * through the approval subresource, unless it is there already (`--force`
 * writes anyway), and prints `certificatesigningrequest.certificates.k8s.io/NAME approved`.
 */
import { kindNamed } from "../../sim/api/kinds.js";
import type { StoredObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { kindSlashName } from "./common.js";
import { apiErrorText, fail } from "./errors.js";
import { parseOutputFormat, printObjects } from "./output.js";
import { defineVerb, type KubectlContext } from "./verb.js";

const CSR = kindNamed("CertificateSigningRequest")!;

type Condition = { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: string };
type Csr = StoredObject & { status?: { conditions?: Condition[] } };

const DECISIONS = {
  approve: { type: "Approved", reason: "KubectlApprove", message: "This CSR was approved by kubectl certificate approve.", done: "approved" },
  deny: { type: "Denied", reason: "KubectlDeny", message: "This CSR was denied by kubectl certificate deny.", done: "denied" },
} as const;

async function decide(ctx: KubectlContext, which: keyof typeof DECISIONS): Promise<CommandResult> {
  const decision = DECISIONS[which];
  if (ctx.flags.strings("filename").length > 0 || ctx.flags.string("kustomize") !== "") return failure("kadet: 'kubectl certificate' with -f or -k is not simulated yet; name the requests");
  if (ctx.args.length === 0) return fail("one or more CSRs must be specified as <name> or -f <filename>");
  const format = parseOutputFormat(ctx.flags.string("output"), false, ctx.flags.string("template"));
  if (!format.ok) return failure(format.error);
  const force = ctx.flags.bool("force");
  let stdout = "";
  let stderr = "";
  for (const name of ctx.args) {
    const got = ctx.world.api.get(CSR, undefined, name);
    if (!got.ok) {
      stderr += `${apiErrorText(got.error)}\n`;
      continue;
    }
    let csr = got.value as Csr;
    const has = (csr.status?.conditions ?? []).some((c) => c.type === decision.type);
    if (!has || force) {
      const conditions = [...(csr.status?.conditions ?? [])];
      if (!has) conditions.push({ type: decision.type, status: "True", reason: decision.reason, message: decision.message, lastUpdateTime: ctx.world.clock.nowIso() });
      const updated = ctx.world.api.updateApproval({ ...structuredClone(csr), status: { ...structuredClone(csr.status ?? {}), conditions } });
      if (!updated.ok) {
        stderr += `${apiErrorText(updated.error)}\n`;
        continue;
      }
      csr = updated.value as Csr;
    }
    if (format.format && format.format.kind !== "name") {
      const printed = printObjects([csr], format.format, { now: ctx.world.clock.now(), single: true });
      if ("error" in printed) return failure(printed.error);
      stdout += printed.stdout;
    } else stdout += `${kindSlashName(CSR, name)} ${decision.done}\n`;
  }
  return { stdout, stderr, exitCode: stderr === "" ? 0 : 1 };
}

export const certificateApproveVerb = defineVerb({ name: "approve", helpKey: "certificate-approve", execute: (ctx) => decide(ctx, "approve") });
export const certificateDenyVerb = defineVerb({ name: "deny", helpKey: "certificate-deny", execute: (ctx) => decide(ctx, "deny") });

export const certificateVerb = defineVerb({
  name: "certificate",
  helpKey: "certificate",
  subcommands: [certificateApproveVerb, certificateDenyVerb],
});
