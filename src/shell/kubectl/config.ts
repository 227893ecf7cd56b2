/**
 * `kubectl config current-context | get-contexts | use-context`: the
 * contexts of the session's environment (kubernetes-admin@kubernetes, as
 * kubeadm writes admin.conf, plus any `sim context add` made). Messages as
 * kubectl 1.32's config subcommands print them.
 */
import { failure, ok } from "../types.js";
import { formatTabular } from "./printers/table.js";
import { defineVerb } from "./verb.js";
import { HELP_TEXTS } from "./help-texts.js";

export const currentContextVerb = defineVerb({
  name: "current-context",
  helpKey: "config-current-context",
  execute: (ctx) => ok(`${ctx.family.session.environment.currentContext}\n`),
});

export const useContextVerb = defineVerb({
  name: "use-context",
  aliases: ["use"],
  helpKey: "config-use-context",
  execute(ctx) {
    const name = ctx.args[0];
    // kubectl prints the usage, then the error (config/use_context.go complete()).
    if (name === undefined || ctx.args.length !== 1) return failure(`error: Unexpected args: [${ctx.args.join(" ")}]`, 1, HELP_TEXTS["config-use-context"]);
    const used = ctx.family.session.environment.useContext(name);
    if (!used.ok) return failure(`error: ${used.message}`);
    return ok(`Switched to context "${name}".\n`);
  },
});

export const getContextsVerb = defineVerb({
  name: "get-contexts",
  helpKey: "config-get-contexts",
  execute(ctx) {
    const environment = ctx.family.session.environment;
    const wanted = ctx.args;
    const missing = wanted.filter((n) => !environment.context(n));
    if (missing.length > 0) return failure(`error: context ${missing[0]} not found`);
    const shown = environment.contexts().filter((c) => wanted.length === 0 || wanted.includes(c.context));
    const output = ctx.flags.string("output");
    if (output === "name") return ok(shown.map((c) => `${c.context}\n`).join(""));
    if (output !== "") return failure(`error: output must be one of '' or 'name'`);
    const rows = shown.map((c) => [c.context === environment.currentContext ? "*" : "", c.context, c.cluster, c.user, c.namespace ?? ""]);
    return ok(formatTabular(ctx.flags.bool("no-headers") ? rows : [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"], ...rows]));
  },
});

export const configVerb = defineVerb({
  name: "config",
  helpKey: "config",
  subcommands: [currentContextVerb, getContextsVerb, useContextVerb],
  // `kubectl config --help`, 1.32.
  unsimulated: ["delete-cluster", "delete-context", "delete-user", "get-clusters", "get-users", "rename-context", "set", "set-cluster", "set-context", "set-credentials", "unset", "view"],
});
