/**
 * `kubectl config current-context | get-contexts`: kadet's kubeconfig has one
 * context, kubernetes-admin@kubernetes, as kubeadm writes admin.conf.
 */
import { failure, ok } from "../types.js";
import { formatTabular } from "./printers/table.js";
import { defineVerb } from "./verb.js";

export const CONTEXT = "kubernetes-admin@kubernetes";

export const currentContextVerb = defineVerb({
  name: "current-context",
  helpKey: "config-current-context",
  execute: () => ok(`${CONTEXT}\n`),
});

export const getContextsVerb = defineVerb({
  name: "get-contexts",
  helpKey: "config-get-contexts",
  execute(ctx) {
    const wanted = ctx.args;
    const missing = wanted.filter((n) => n !== CONTEXT);
    if (missing.length > 0) return failure(`error: context ${missing[0]} not found`);
    const output = ctx.flags.string("output");
    if (output === "name") return ok(`${CONTEXT}\n`);
    if (output !== "") return failure(`error: output must be one of '' or 'name'`);
    const rows = [["*", CONTEXT, "kubernetes", "kubernetes-admin", ""]];
    return ok(formatTabular(ctx.flags.bool("no-headers") ? rows : [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"], ...rows]));
  },
});

export const configVerb = defineVerb({
  name: "config",
  helpKey: "config",
  subcommands: [currentContextVerb, getContextsVerb],
  // `kubectl config --help`, 1.32.
  unsimulated: ["delete-cluster", "delete-context", "delete-user", "get-clusters", "get-users", "rename-context", "set", "set-cluster", "set-context", "set-credentials", "unset", "use-context", "use", "view"],
});
