/** `kubectl version`: client and server v1.32.0 (kubectl/pkg/cmd/version/version.go). */
import { failure, ok } from "../types.js";
import { toJSON } from "./printers/json.js";
import { toYAML } from "./printers/yaml.js";
import { defineVerb } from "./verb.js";

const info = (gitVersion: string) => ({
  major: "1", minor: "32", gitVersion, gitCommit: "70d3cc986aa8221cd1dfb1121852688902d3bf53", gitTreeState: "clean",
  buildDate: "2024-12-11T17:59:15Z", goVersion: "go1.23.3", compiler: "gc", platform: "linux/amd64",
});

export const versionVerb = defineVerb({
  name: "version",
  helpKey: "version",
  execute(ctx) {
    const clientOnly = ctx.flags.bool("client");
    const output = ctx.flags.string("output");
    const doc: Record<string, unknown> = { clientVersion: info("v1.32.0"), kustomizeVersion: "v5.5.0" };
    if (!clientOnly) doc.serverVersion = info("v1.32.0");
    if (output === "json") return ok(toJSON(doc, { keyOrder: "asIs" }));
    if (output === "yaml") return ok(toYAML(doc));
    if (output !== "") return failure("error: --output must be 'yaml' or 'json'");
    return ok(`Client Version: v1.32.0\nKustomize Version: v5.5.0\n${clientOnly ? "" : "Server Version: v1.32.0\n"}`);
  },
});
