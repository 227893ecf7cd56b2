/**
 * The `file` check: a file in the learner's workspace exists (or not), its
 * text meets a comparator, or it parses as a manifest whose object (the first
 * document of the given kind, or the only one) has a field, read with
 * kubectl's JSONPath.
 */
import { dirname } from "node:path";
import { parseAllDocuments } from "yaml";
import { z } from "zod";
import { evaluateJSONPath } from "../jsonpath.js";
import { createSandboxFs, fileAccess } from "../../shell/sandboxFs.js";
import { compare, comparatorFields, comparatorKeysIn, comparatorOf, describeExpected, refineComparator, showObserved } from "./comparators.js";
import { defineCheck } from "./define.js";
import { listNames } from "./describe.js";
import { jsonPathField, kindOf, workspacePath } from "./fields.js";
import { result, type CheckContext, type CheckIdentity, type CheckResult } from "./types.js";

const ManifestSchema = z
  .strictObject({ kind: z.string().min(1).optional(), name: z.string().min(1).optional(), jsonpath: jsonPathField.optional(), ...comparatorFields })
  .superRefine((spec, ctx) =>
    spec.jsonpath === undefined
      ? refineComparator(spec, ctx, { required: false, allowed: [], what: "a manifest check without jsonpath" })
      : refineComparator(spec, ctx, { required: true, what: "a manifest check with a jsonpath" }),
  );

const FileCheckSchema = z
  .strictObject({ path: workspacePath, manifest: ManifestSchema.optional(), ...comparatorFields })
  .superRefine((spec, ctx) => refineComparator(spec, ctx, { required: false, what: "a file check" }));

export type FileCheckSpec = z.infer<typeof FileCheckSchema>;
export type ManifestSpec = z.infer<typeof ManifestSchema>;

export const fileCheck = defineCheck({
  type: "file",
  keys: { file: FileCheckSchema },
  toSpec: (input) => input.file,
  evaluate: evaluateFile,
});

interface ManifestObject {
  kind?: unknown;
  metadata?: { name?: unknown };
}

/** The workspace as the learner's shell sees it: the same containment, so a check never reads outside it. */
async function workspace(workdir: string) {
  return fileAccess((await createSandboxFs(workdir)).fs, workdir);
}

async function filesNear(files: Awaited<ReturnType<typeof workspace>>, path: string): Promise<string[]> {
  const folder = dirname(path);
  const entries = (await files.readDir(folder)) ?? [];
  const near: string[] = [];
  for (const entry of entries) if ((await files.readDir(`${folder}/${entry}`)) === undefined) near.push(entry);
  return near;
}

function describeDocument(doc: ManifestObject): string {
  const kind = typeof doc.kind === "string" ? doc.kind : "(no kind)";
  const name = typeof doc.metadata?.name === "string" ? ` ${doc.metadata.name}` : "";
  return `${kind}${name}`;
}

async function evaluateFile(check: CheckIdentity, spec: FileCheckSpec, ctx: CheckContext): Promise<CheckResult> {
  const files = await workspace(ctx.workdir);
  const text = await files.readFile(spec.path);
  const comparator = comparatorOf(spec);

  if (text === undefined) {
    if (comparator?.op === "exists" && !comparator.value) return result(check, { status: "pass", message: `${spec.path} does not exist, as expected` });
    const near = await filesNear(files, spec.path);
    const there = near.length === 0 ? "the folder is empty" : `files there: ${listNames(near)}`;
    return result(check, { status: "fail", observed: "(no such file)", expected: `a file ${spec.path}`, message: `${spec.path} does not exist in your workspace (${there})` });
  }
  if (comparator?.op === "exists") {
    return comparator.value
      ? result(check, { status: "pass", message: `${spec.path} exists` })
      : result(check, { status: "fail", observed: "exists", expected: "absent", message: `${spec.path} still exists in your workspace` });
  }
  if (comparator) {
    const observed = showObserved(text);
    const expected = describeExpected(comparator);
    const comparison = compare(comparator, text);
    return comparison.ok
      ? result(check, { status: "pass", expected, message: `${spec.path} is ${expected}` })
      : result(check, { status: "fail", observed, expected, message: `${spec.path} is not ${expected}${comparison.reason ? ` (${comparison.reason})` : ""}` });
  }
  if (!spec.manifest) return result(check, { status: "pass", message: `${spec.path} exists` });
  return evaluateManifest(check, spec.path, spec.manifest, text);
}

function evaluateManifest(check: CheckIdentity, path: string, spec: ManifestSpec, text: string): CheckResult {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) return result(check, { status: "fail", message: `${path} is empty` });
  for (const doc of documents) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      const detail = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
      return result(check, { status: "fail", observed: "(not valid YAML)", message: `${path} is not valid YAML${line ? ` (line ${line})` : ""}: ${detail}` });
    }
  }
  const objects = documents
    .map((d) => d.toJS({ maxAliasCount: 100 }) as unknown)
    .filter((o): o is ManifestObject => o !== null && typeof o === "object" && !Array.isArray(o));
  if (objects.length === 0) return result(check, { status: "fail", observed: "(no objects)", message: `${path} holds no Kubernetes object` });

  const wantedKind = spec.kind === undefined ? undefined : kindOf(spec.kind)?.kind ?? spec.kind;
  const candidates = objects.filter(
    (o) => (wantedKind === undefined || o.kind === wantedKind) && (spec.name === undefined || o.metadata?.name === spec.name),
  );
  const wanted = [wantedKind ?? "object", spec.name].filter(Boolean).join(" ");
  const found = wantedKind === undefined && spec.name === undefined ? (objects.length === 1 ? objects[0] : undefined) : candidates[0];
  if (!found) {
    const has = listNames(objects.map(describeDocument));
    const message =
      wantedKind === undefined && spec.name === undefined
        ? `${path} holds ${objects.length} documents (${has}); the check needs exactly one`
        : `${path} has no ${wanted} (it has: ${has})`;
    return result(check, { status: "fail", observed: has, expected: wanted, message });
  }
  const label = `${path}: ${describeDocument(found)}`;
  const comparator = comparatorOf(spec);
  if (spec.jsonpath === undefined || !comparator || comparatorKeysIn(spec).length === 0) {
    return result(check, { status: "pass", message: `${path} describes a ${describeDocument(found)}` });
  }
  const expected = describeExpected(comparator);
  const evaluated = evaluateJSONPath(spec.jsonpath, found);
  if (!evaluated.ok) return result(check, { status: "fail", observed: `(${evaluated.error})`, expected, message: `${label}: ${spec.jsonpath} cannot be read: ${evaluated.error}` });
  const observed = showObserved(evaluated.output);
  const comparison = compare(comparator, evaluated.output);
  return comparison.ok
    ? result(check, { status: "pass", observed, expected, message: `${label}: ${spec.jsonpath} is ${observed}` })
    : result(check, {
        status: "fail",
        observed,
        expected,
        message: `${label}: ${spec.jsonpath} is ${observed}, expected ${expected}${comparison.reason ? ` (${comparison.reason})` : ""}`,
      });
}
