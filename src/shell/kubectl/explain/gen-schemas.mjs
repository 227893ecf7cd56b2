// Regenerates openapi-schemas.json: the OpenAPI v3 component schemas `kubectl explain` reads, for
// the kinds kadet serves, rebuilt from the type declarations of the kubernetes-models package
// (its .d.ts files carry the upstream descriptions as doc comments, enums as literal unions).
// What the declarations cannot say is filled in by the API conventions: every number is an
// integer (the conventions forbid floats), apiVersion/kind carry TypeMeta's descriptions.
// Run: node src/shell/kubectl/explain/gen-schemas.mjs
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const nodeModules = join(here, "../../../../node_modules");
const roots = [join(nodeModules, "kubernetes-models"), join(nodeModules, "@kubernetes-models/apimachinery")];
/** The kinds `kubectl explain` answers for (group/version/kind), as kadet's kind registry has them. */
const KINDS = [
  ["", "v1", "ConfigMap"], ["", "v1", "Endpoints"], ["", "v1", "Event"], ["", "v1", "LimitRange"], ["", "v1", "Namespace"],
  ["", "v1", "Node"], ["", "v1", "PersistentVolumeClaim"], ["", "v1", "PersistentVolume"], ["", "v1", "Pod"],
  ["", "v1", "ResourceQuota"], ["", "v1", "Secret"], ["", "v1", "ServiceAccount"], ["", "v1", "Service"],
  ["apps", "v1", "DaemonSet"], ["apps", "v1", "Deployment"], ["apps", "v1", "ReplicaSet"], ["apps", "v1", "StatefulSet"],
  ["batch", "v1", "CronJob"], ["batch", "v1", "Job"],
  ["networking.k8s.io", "v1", "Ingress"], ["networking.k8s.io", "v1", "IngressClass"], ["networking.k8s.io", "v1", "NetworkPolicy"],
  ["rbac.authorization.k8s.io", "v1", "ClusterRole"], ["rbac.authorization.k8s.io", "v1", "ClusterRoleBinding"],
  ["rbac.authorization.k8s.io", "v1", "Role"], ["rbac.authorization.k8s.io", "v1", "RoleBinding"],
  ["storage.k8s.io", "v1", "StorageClass"], ["policy", "v1", "PodDisruptionBudget"], ["autoscaling", "v2", "HorizontalPodAutoscaler"],
];

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "node_modules" || name === "_schemas") continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith(".d.ts") && name !== "index.d.ts") out.push(path);
  }
  return out;
}

/** "IoK8sApiCoreV1" → "io.k8s.api.core.v1" (the OpenAPI definition prefix). */
const dotted = (camel) => camel.match(/[A-Z][a-z0-9]*/g).map((s) => s.toLowerCase()).join(".");

/** The doc comment before a node, as the description it was made from ("*" margins removed). */
function docOf(node, text) {
  const ranges = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  const doc = ranges.reverse().find((r) => text.slice(r.pos, r.pos + 3) === "/**");
  if (!doc) return undefined;
  const body = text.slice(doc.pos + 3, doc.end - 2);
  const lines = body.split("\n").slice(1, -1).map((l) => l.replace(/^\s*\* ?/, "").replace(/^\s*\*$/, ""));
  return lines.join("\n").replaceAll("*\\/", "*/").replaceAll("\\*", "*");
}

const declarations = new Map(); // alias (IIoK8s...) → { key, node, text, kind }
for (const root of roots) {
  for (const file of walk(root)) {
    const text = readFileSync(file, "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const local = new Map();
    for (const st of source.statements) {
      if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) local.set(st.name.text, st);
    }
    for (const st of source.statements) {
      if (!ts.isExportDeclaration(st) || !st.exportClause || !ts.isNamedExports(st.exportClause)) continue;
      for (const el of st.exportClause.elements) {
        const from = el.propertyName?.text;
        const alias = el.name.text;
        if (!from || !alias.startsWith("IIoK8s")) continue;
        const node = local.get(from);
        if (!node) continue;
        const short = from.slice(1);
        const key = `${dotted(alias.slice(1, alias.length - short.length))}.${short}`;
        declarations.set(alias, { key, node, text });
      }
    }
  }
}

const TYPE_META = (() => {
  const d = [...declarations.values()].find((x) => x.key === "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions");
  const props = {};
  for (const m of d.node.members) if (m.name && ["apiVersion", "kind"].includes(m.name.text)) props[m.name.text] = docOf(m, d.text);
  return props;
})();

const components = {};
const pending = [];
const refTo = (alias) => {
  const d = declarations.get(alias);
  if (!d) throw new Error(`unknown type ${alias}`);
  if (!components[d.key] && !pending.includes(alias)) pending.push(alias);
  return `#/components/schemas/${d.key}`;
};

/** A type node as an OpenAPI v3 schema; refs are wrapped in allOf where a sibling keyword sits beside them. */
function schemaOf(type, wrapRef) {
  if (type.kind === ts.SyntaxKind.StringKeyword) return { type: "string" };
  if (type.kind === ts.SyntaxKind.NumberKeyword) return { type: "integer" };
  if (type.kind === ts.SyntaxKind.BooleanKeyword) return { type: "boolean" };
  if (ts.isLiteralTypeNode(type)) return { type: "string" };
  if (ts.isUnionTypeNode(type) && type.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) {
    return { type: "string", enum: type.types.map((t) => t.literal.text) };
  }
  if (ts.isTypeReferenceNode(type)) {
    const name = type.typeName.getText();
    if (name === "Array") return { type: "array", items: schemaOf(type.typeArguments[0], true) };
    if (name.startsWith("IIoK8s")) {
      const ref = refTo(name);
      return wrapRef ? { allOf: [{ $ref: ref }] } : { $ref: ref };
    }
  }
  if (ts.isTypeLiteralNode(type)) {
    const index = type.members.find((m) => ts.isIndexSignatureDeclaration(m));
    if (index) return { type: "object", additionalProperties: schemaOf(index.type, false) };
    return { type: "object" };
  }
  return {};
}

function componentOf(d) {
  const description = docOf(d.node, d.text);
  if (ts.isTypeAliasDeclaration(d.node)) {
    const t = d.node.type;
    const base = ts.isUnionTypeNode(t) && !t.types.every((x) => ts.isLiteralTypeNode(x)) ? { oneOf: t.types.map((x) => schemaOf(x, false)) } : schemaOf(t, false);
    return { ...(description ? { description } : {}), ...base };
  }
  const properties = {};
  const required = [];
  let apiVersion, kind;
  const typeMeta = (d.node.heritageClauses ?? []).some((h) => h.getText().includes("TypeMeta"));
  for (const m of d.node.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const name = m.name.text;
    if (typeMeta && (name === "apiVersion" || name === "kind")) {
      if (ts.isLiteralTypeNode(m.type)) (name === "kind" ? (kind = m.type.literal.text) : (apiVersion = m.type.literal.text));
      properties[name] = { description: TYPE_META[name], type: "string" };
      continue;
    }
    const doc = docOf(m, d.text);
    const schema = schemaOf(m.type, true);
    properties[name] = { ...(doc ? { description: doc } : {}), ...schema };
    if (!m.questionToken) required.push(name);
  }
  const out = { ...(description ? { description } : {}), type: "object", properties };
  if (required.length > 0) out.required = required;
  if (kind && apiVersion) {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    out["x-kubernetes-group-version-kind"] = [{ group, kind, version }];
  }
  return out;
}

const kinds = {};
for (const [group, version, kind] of KINDS) {
  const alias = [...declarations.keys()].find((a) => {
    const d = declarations.get(a);
    return d.key.endsWith(`.${version}.${kind}`) && ts.isInterfaceDeclaration(d.node) &&
      d.node.members.some((m) => m.name?.text === "kind" && m.type && ts.isLiteralTypeNode(m.type) && m.type.literal.text === kind) &&
      d.node.members.some((m) => m.name?.text === "apiVersion" && m.type && ts.isLiteralTypeNode(m.type) && m.type.literal.text === (group ? `${group}/${version}` : version));
  });
  if (!alias) throw new Error(`no declaration for ${group}/${version} ${kind}`);
  kinds[`${group}/${version}/${kind}`] = declarations.get(alias).key;
  refTo(alias);
}
while (pending.length > 0) {
  const alias = pending.shift();
  const d = declarations.get(alias);
  components[d.key] = componentOf(d);
}
const sorted = Object.fromEntries(Object.keys(components).sort().map((k) => [k, components[k]]));
const doc = { source: "kubernetes-models@" + JSON.parse(readFileSync(join(roots[0], "package.json"), "utf8")).version, kinds, schemas: sorted };
const json = JSON.stringify(doc);
writeFileSync(join(here, "openapi-schemas.json"), json + "\n");
console.log(`${Object.keys(sorted).length} schemas, ${json.length} bytes`);
