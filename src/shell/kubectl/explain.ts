/**
 * `kubectl explain TYPE[.field.path] [--recursive] [--api-version=G/V]`: the OpenAPI v3 page of a
 * kind or one of its fields, as kubectl 1.32's plaintext template prints it
 * (kubectl/pkg/cmd/explain/explain.go, pkg/explain/explain.go for the TYPE.path split,
 * explain/render.ts for the template). The schemas (explain/openapi-schemas.json, 0.5 MB) are
 * imported only when explain first runs, so no other command pays for them.
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_explain/
 */
import { KINDS, type KindInfo } from "../../sim/api/kinds.js";
import { failure, type CommandResult } from "../types.js";
import { parseJSONPath, type JSONPathNode } from "./printers/jsonpath.js";
import type { ExplainRenderer, OpenAPIDocument } from "./explain/render.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export const explainVerb = defineVerb({
  name: "explain",
  helpKey: "explain",
  execute: (ctx) => explain(ctx),
});

const SUGGEST = 'Use "kubectl api-resources" for a complete list of supported resources.';

interface Schemas {
  renderer: ExplainRenderer;
  /** "group/version/Kind" → its component. */
  kinds: Record<string, string>;
}

let loaded: Promise<Schemas> | undefined;

/** Parses the schema document once per process, on the first `kubectl explain`. */
function schemas(): Promise<Schemas> {
  loaded ??= (async () => {
    const [{ default: doc }, { ExplainRenderer }] = await Promise.all([
      import("./explain/openapi-schemas.json", { with: { type: "json" } }) as Promise<{ default: { kinds: Record<string, string>; schemas: OpenAPIDocument["components"]["schemas"] } }>,
      import("./explain/render.js"),
    ]);
    return { renderer: new ExplainRenderer({ components: { schemas: doc.schemas } }), kinds: doc.kinds };
  })();
  return loaded;
}

async function explain(ctx: KubectlContext): Promise<CommandResult> {
  if (ctx.args.length === 0) return failure(`error: You must specify the type of resource to explain. ${SUGGEST}`);
  if (ctx.args.length > 1) return failure("error: We accept only this format: explain RESOURCE");
  const output = ctx.flags.string("output");
  const apiVersion = ctx.flags.string("api-version");
  const request = splitResourceRequest(ctx.args[0]!, apiVersion === "");
  if (!request.ok) return failure(request.error);
  let { info } = request;
  let group = info.group;
  let version = info.version;
  if (output === "plaintext-openapiv2") return failure("kadet: 'kubectl explain --output=plaintext-openapiv2' is not simulated");
  if (output !== "plaintext") return failure(`error: unrecognized format: ${output}`);
  if (apiVersion !== "") {
    const gv = parseGroupVersion(apiVersion);
    if (typeof gv === "string") return failure(gv);
    [group, version] = gv;
    // The server publishes one OpenAPI document per group/version; kadet serves one version of each group.
    const served = KINDS.some((k) => k.group === group && k.version === version);
    if (!served) return failure(`error: couldn't find resource for "${group}/${version}, Resource=${info.plural}"`);
    const other = KINDS.find((k) => k.group === group && k.version === version && k.plural === info.plural);
    if (!other) return failure(`error: GVR (${group}/${version}, Resource=${info.plural}) not found in OpenAPI schema`);
    info = other;
  }
  const { renderer, kinds } = await schemas();
  if (kinds[`${group}/${version}/${info.kind}`] === undefined) {
    return failure(`kadet: 'kubectl explain ${info.plural}' is not simulated: kadet has no OpenAPI schema for ${info.kind}`);
  }
  const result = renderer.render({ group, version, kind: info.kind }, request.fieldPath, ctx.flags.bool("recursive"));
  if (result.error !== undefined) return { stdout: result.stdout, stderr: result.error + "\n", exitCode: 1 };
  return { stdout: result.stdout, stderr: "", exitCode: 0 };
}

type ResourceRequest = { ok: true; info: KindInfo; fieldPath: string[] } | { ok: false; error: string };

/** jsonPathParse: `{.` + input + `}`, a trailing "." dropped; the nodes of its single list. */
function jsonPathNodes(text: string): JSONPathNode[] | string {
  const parsed = parseJSONPath(`{.${text.replace(/\.$/, "")}}`);
  if (!parsed.ok) return `error: ${parsed.error}`;
  const outer = parsed.root.nodes;
  if (outer.length !== 1 || outer[0]!.type !== "list") return "error: must pass in 1 jsonpath string";
  return outer[0]!.nodes;
}

function fieldNames(nodes: JSONPathNode[]): string[] | string {
  const names: string[] = [];
  for (const node of nodes) {
    if (node.type !== "field") return "error: invalid jsonpath syntax, first node must be field node";
    names.push(node.name);
  }
  return names;
}

/**
 * SplitAndParseResourceRequestWithMatchingPrefix (and, with --api-version, SplitAndParseResourceRequest):
 * the first field names the resource, through the REST mapper; `deployments.apps.spec` drops the group.
 */
function splitResourceRequest(input: string, matchPrefix: boolean): ResourceRequest {
  const nodes = jsonPathNodes(input);
  if (typeof nodes === "string") return { ok: false, error: nodes };
  const first = nodes[0];
  if (!first || first.type !== "field") return { ok: false, error: "error: invalid jsonpath syntax, first node must be field node" };
  const resource = first.name.toLowerCase();
  const info = KINDS.find((k) => k.plural === resource || k.singular === resource || k.shortNames.includes(resource));
  // A NoResourceMatchError reaches CheckErr bare: no "error: " prefix.
  if (!info) return { ok: false, error: `the server doesn't have a resource type "${resource}"` };
  if (!matchPrefix) {
    const names = fieldNames(nodes.slice(1));
    if (typeof names === "string") return { ok: false, error: names.replace("first node must", "all nodes must") };
    return { ok: true, info, fieldPath: names };
  }
  const groupResource = info.group ? `${info.plural}.${info.group}` : info.plural;
  if (input.startsWith(groupResource)) {
    const suffix = input.slice(groupResource.length);
    if (suffix === "") return { ok: true, info, fieldPath: [] };
    const rest = jsonPathNodes(suffix);
    if (typeof rest === "string") return { ok: false, error: rest };
    const names = fieldNames(rest.slice(1));
    if (typeof names === "string") return { ok: false, error: names };
    return { ok: true, info, fieldPath: names };
  }
  const names = fieldNames(nodes.slice(1));
  if (typeof names === "string") return { ok: false, error: names };
  return { ok: true, info, fieldPath: names };
}

/** schema.ParseGroupVersion. */
function parseGroupVersion(text: string): [string, string] | string {
  if (text === "" || text === "/") return ["", ""];
  const parts = text.split("/");
  if (parts.length === 1) return ["", parts[0]!];
  if (parts.length === 2) return [parts[0]!, parts[1]!];
  return `error: unexpected GroupVersion string: ${text}`;
}
