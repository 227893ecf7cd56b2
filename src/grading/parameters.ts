/**
 * Parameterised exercises: names, namespaces, images and numbers drawn from a seed within
 * declared ranges and substituted as `{{name}}` everywhere in the exercise (task, setup,
 * checks, hints, solution, explanation), so a retake or a review is not the same text to
 * memorise. An exercise without `parameters` is unchanged (the format stays version 1).
 *
 *   parameters:
 *     app: { oneOf: [web, shop, blog] }
 *     replicas: { int: [2, 5] }
 *
 * A string that is exactly one integer placeholder ("{{replicas}}") becomes the number,
 * so numeric fields (`equals: "{{replicas}}"` in a count check) stay numbers.
 */
import { z } from "zod";
import { Rng } from "../sim/core/random.js";

export const ParameterSchema = z
  .strictObject({
    oneOf: z.array(z.string().min(1)).min(1).optional(),
    int: z.tuple([z.number().int(), z.number().int()]).optional(),
  })
  .superRefine((p, ctx) => {
    if ((p.oneOf === undefined) === (p.int === undefined)) ctx.addIssue({ code: "custom", message: "a parameter has either oneOf (a list of values) or int ([min, max])" });
    if (p.int && p.int[0] > p.int[1]) ctx.addIssue({ code: "custom", path: ["int"], message: `int: [min, max] with min ≤ max, got [${p.int[0]}, ${p.int[1]}]` });
  });

export const ParametersSchema = z.record(z.string().regex(/^[a-z][A-Za-z0-9_]*$/, "a parameter name is a lower-case identifier (app, replicas, nodeName)"), ParameterSchema);

export type Parameter = z.infer<typeof ParameterSchema>;
export type Parameters = Record<string, Parameter>;
export type ParameterValues = Record<string, string | number>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** The first value of each parameter: what `kadet check` and the exercise list show. */
export function defaultValues(parameters: Parameters): ParameterValues {
  return Object.fromEntries(Object.entries(parameters).map(([name, p]) => [name, p.oneOf ? p.oneOf[0]! : p.int![0]]));
}

/** Values drawn for `seed`, in the parameters' declared order: the same seed, the same values. */
export function drawValues(parameters: Parameters, seed: number): ParameterValues {
  const rng = new Rng(seed);
  return Object.fromEntries(
    Object.entries(parameters).map(([name, p]) => {
      if (p.oneOf) return [name, p.oneOf[rng.int(p.oneOf.length)]!];
      const [min, max] = p.int!;
      return [name, min + rng.int(max - min + 1)];
    }),
  );
}

/** `data` with every placeholder replaced; names not in `values` are left as written. */
export function substitute(data: unknown, values: ParameterValues): unknown {
  if (typeof data === "string") {
    const whole = WHOLE.exec(data);
    if (whole && typeof values[whole[1]!] === "number") return values[whole[1]!];
    return data.replace(PLACEHOLDER, (all, name: string) => (name in values ? String(values[name]) : all));
  }
  if (Array.isArray(data)) return data.map((item) => substitute(item, values));
  if (data !== null && typeof data === "object") return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, substitute(v, values)]));
  return data;
}

/** Where placeholders name undeclared parameters, and which declared ones are used. */
export function placeholderUses(data: unknown, path: PropertyKey[] = []): { name: string; path: PropertyKey[] }[] {
  if (typeof data === "string") return [...data.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1]!, path }));
  if (Array.isArray(data)) return data.flatMap((item, i) => placeholderUses(item, [...path, i]));
  if (data !== null && typeof data === "object") return Object.entries(data).flatMap(([k, v]) => (k === "parameters" && path.length === 0 ? [] : placeholderUses(v, [...path, k])));
  return [];
}
