/** `kubectl api-resources`: the kinds registry in kubectl's columns (kubectl/pkg/cmd/apiresources). */
import { KINDS, apiVersionOf } from "../../sim/api/kinds.js";
import { failure, ok } from "../types.js";
import { formatTabular } from "./printers/table.js";
import { defineVerb } from "./verb.js";

export const apiResourcesVerb = defineVerb({
  name: "api-resources",
  helpKey: "api-resources",
  execute(ctx) {
    const output = ctx.flags.string("output");
    let kinds = [...KINDS];
    if (ctx.flags.has("namespaced")) kinds = kinds.filter((k) => k.namespaced === ctx.flags.bool("namespaced"));
    const group = ctx.flags.string("api-group");
    if (ctx.flags.has("api-group")) kinds = kinds.filter((k) => k.group === group);
    if (output === "name") return ok(kinds.map((k) => (k.group ? `${k.plural}.${k.group}` : k.plural) + "\n").join(""));
    if (output !== "" ) return failure(`error: --output ${output} is not available`);
    const rows = kinds.map((k) => [k.plural, k.shortNames.join(","), apiVersionOf(k), String(k.namespaced), k.kind]);
    return ok(formatTabular(ctx.flags.bool("no-headers") ? rows : [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"], ...rows]));
  },
});
