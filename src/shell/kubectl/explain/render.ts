/**
 * `kubectl explain`'s plaintext output: a port of kubectl/pkg/explain/v2/templates/plaintext.tmpl
 * (1.32), template by template ("output", "fieldList", "fieldDetail", "description",
 * "typeGuess", "extractEnum"), over an OpenAPI v3 document's component schemas. Go's text/template
 * streams what it has written before a `throw`, so an error comes back with the text printed so far.
 */
import { wrapString } from "./wordwrap.js";

export type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface OpenAPIDocument {
  components: { schemas: Record<string, Schema> };
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface RenderResult {
  stdout: string;
  /** kubectl's error line (the template's `throw`), when the output stopped early. */
  error?: string;
}

class TemplateThrow extends Error {}

/** The "truth" of a value in Go templates: not nil, false, 0, "", or an empty map or list. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/** The `indent` template function: pad, and pad after every newline. */
function indent(amount: number, text: string): string {
  const pad = " ".repeat(amount);
  return pad + text.replaceAll("\n", "\n" + pad);
}

/** Go sorts a map's keys when a template ranges over it. */
function sortedKeys(map: Schema | undefined): string[] {
  return Object.keys(map ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `additionalProperties` that is a schema (not the boolean form). */
function mapValues(schema: Schema): Schema | undefined {
  const ap = schema.additionalProperties;
  return truthy(ap) && typeof ap !== "boolean" ? (ap as Schema) : undefined;
}

export class ExplainRenderer {
  constructor(private readonly doc: OpenAPIDocument) {}

  /** resolveRef: "#/components/schemas/NAME" → that schema; anything else → undefined. */
  private resolveRef(ref: unknown): Schema | undefined {
    if (typeof ref !== "string" || !ref.startsWith("#")) return undefined;
    let cur: unknown = this.doc;
    for (const part of ref.slice(1).split("/")) {
      if (part === "") continue;
      if (typeof cur !== "object" || cur === null) return undefined;
      cur = (cur as Schema)[part];
      if (typeof cur !== "object" || cur === null || Array.isArray(cur)) return undefined;
    }
    return cur as Schema;
  }

  private resolved(schema: Schema): Schema {
    const r = this.resolveRef(schema["$ref"]);
    return truthy(r) ? r! : schema;
  }

  /** The whole page for one kind (and field path), as the template's top level writes it. */
  render(gvk: GroupVersionKind, fieldPath: readonly string[], recursive: boolean): RenderResult {
    let out = "";
    if (gvk.group) out += `GROUP:      ${gvk.group}\n`;
    out += `KIND:       ${gvk.kind}\n`;
    out += `VERSION:    ${gvk.version}\n`;
    out += "\n";
    try {
      const body = this.schema(gvk, fieldPath, recursive);
      if (body === "") throw new TemplateThrow(`error: GVK ${goGVK(gvk)} not found in OpenAPI schema`);
      return { stdout: out + body + "\n" };
    } catch (e) {
      if (e instanceof TemplateThrow) return { stdout: out, error: e.message };
      throw e;
    }
  }

  /** "schema": the component carrying this GVK, rendered by "output". */
  private schema(gvk: GroupVersionKind, fieldPath: readonly string[], recursive: boolean): string {
    for (const name of sortedKeys(this.doc.components.schemas)) {
      const component = this.doc.components.schemas[name]!;
      const gvks = (component["x-kubernetes-group-version-kind"] ?? []) as GroupVersionKind[];
      if (!gvks.some((g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind)) continue;
      const text = this.output(component, {}, fieldPath, recursive);
      if (text === "") throw new TemplateThrow(`error: field "${fieldPath[fieldPath.length - 1]}" does not exist`);
      return text;
    }
    return "";
  }

  private output(schema: Schema, history: Record<string, number>, fieldPath: readonly string[], recursive: boolean): string {
    const refString: string = schema["$ref"] || "";
    const nextHistory = { ...history, [refString]: 1 };
    const resolved = this.resolved(schema);
    if (fieldPath.length === 0) {
      let out = "DESCRIPTION:\n";
      out += indent(4, wrapString(this.description(resolved) || "<empty>", 76)) + "\n";
      const fields = this.fieldList(resolved, 1, {}, recursive);
      if (fields !== "") out += "FIELDS:\n" + fields;
      return out;
    }
    if (refString && history[refString]) return "";
    const first = fieldPath[0]!;
    if (truthy(resolved.properties) && truthy(resolved.properties[first])) {
      const sub = resolved.properties[first] as Schema;
      let out = "";
      if (fieldPath.length === 1) {
        out += `FIELD: ${first} <${this.typeGuess(sub)}>\n`;
        out += this.extractEnum(sub, true, -1, 0) + "\n";
        out += "\n";
      }
      return out + this.output(sub, {}, fieldPath.slice(1), recursive);
    }
    if (truthy(resolved.items)) return this.output(resolved.items, nextHistory, fieldPath, recursive);
    const values = mapValues(resolved);
    if (values) return this.output(values, nextHistory, fieldPath, recursive);
    for (const sub of (resolved.allOf ?? []) as Schema[]) {
      const text = this.output(sub, nextHistory, fieldPath, recursive);
      if (text !== "") return text;
    }
    return "";
  }

  private fieldList(schema: Schema, level: number, history: Record<string, number>, recursive: boolean): string {
    const refString: string = schema["$ref"] || "";
    if (refString && history[refString]) return "";
    const nextHistory = { ...history, [refString]: 1 };
    const resolved = this.resolved(schema);
    let out = "";
    for (const name of sortedKeys(resolved.properties)) {
      out += this.fieldDetail(name, resolved, recursive, level);
      if (recursive) out += this.fieldList(resolved.properties[name] as Schema, level + 1, nextHistory, recursive);
    }
    for (const sub of (resolved.allOf ?? []) as Schema[]) out += this.fieldList(sub, level, nextHistory, recursive);
    if (truthy(resolved.items)) out += this.fieldList(resolved.items, level, nextHistory, recursive);
    const values = mapValues(resolved);
    if (values) out += this.fieldList(values, level, nextHistory, recursive);
    return out;
  }

  private fieldDetail(name: string, schema: Schema, short: boolean, level: number): string {
    const indentAmount = level * 2;
    const field = schema.properties[name] as Schema;
    let out = indent(indentAmount, name) + "\t" + `<${this.typeGuess(field)}>`;
    if (((schema.required ?? []) as string[]).includes(name)) out += " -required-";
    out += this.extractEnum(field, false, 4, indentAmount);
    out += "\n";
    if (!short) {
      out += indent(indentAmount + 2, wrapString(field.description || "<no description>", 78 - indentAmount)) + "\n";
      out += "\n";
    }
    return out;
  }

  private description(schema: Schema): string {
    const s = this.resolved(schema);
    if (!truthy(s)) return "";
    let out = "";
    if (truthy(s.description)) out += s.description + "\n";
    for (const sub of (s.allOf ?? []) as Schema[]) out += this.description(sub);
    if (truthy(s.items)) out += this.description(s.items);
    const values = mapValues(s);
    if (values) out += this.description(values);
    return out;
  }

  private typeGuess(schema: Schema): string {
    if (!truthy(schema)) throw new Error("expected schema argument to subtemplate 'typeguess'");
    if (truthy(schema.items)) return "[]" + this.typeGuess(schema.items);
    const values = mapValues(schema);
    if (values) return "map[string]" + this.typeGuess(values);
    if (truthy(schema.allOf) && !truthy(schema.properties) && schema.allOf.length === 1) return this.typeGuess(schema.allOf[0]);
    if (truthy(schema["$ref"])) {
      const ref: string = schema["$ref"];
      const target = this.resolveRef(ref);
      if (!truthy(target) || !truthy(target!.type) || target!.type === "object") {
        const name = ref.split("/").pop()!;
        return name.split(".").pop() || "Object";
      }
      return target!.type;
    }
    if (schema.type === "object") return "Object";
    return schema.type || "Object";
  }

  /** "extractEnum": `ENUM:` lines under a FIELD, or ` enum: a, b, c, d, ....` after a field's type. */
  private extractEnum(schema: Schema, longView: boolean, limit: number, indentAmount: number): string {
    if (!truthy(schema.enum)) return "";
    let out = longView ? "ENUM:" : "\n" + " ".repeat(indentAmount) + "enum: ";
    (schema.enum as unknown[]).some((element, index) => {
      if (limit > -1 && index >= limit) {
        out += ", ....";
        return true;
      }
      if (index > 0 && !longView) out += ", ";
      else if (longView) out += "\n    ";
      out += element === "" ? `""` : String(element);
      return false;
    });
    return out;
  }
}

/** fmt's %v of a map[string]any GVK: map[group:apps kind:Deployment version:v1]. */
function goGVK(gvk: GroupVersionKind): string {
  return `map[group:${gvk.group} kind:${gvk.kind} version:${gvk.version}]`;
}
