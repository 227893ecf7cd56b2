/**
 * The hostile-manifest corpus: a deterministic generator of inputs for
 * `kubectl apply -f`, made by mutating a few valid manifests the way pasted
 * YAML goes wrong (wrong value types, broken indentation, tabs, stray
 * characters, anchors and aliases, deep nesting, broken JSON, directives,
 * empty or scalar documents). Input `i` depends only on `i`, so the answers
 * of the real kubectl 1.32 recorded for it (`record.mjs`) stay attached to
 * it; a text hash in the recording catches drift.
 */
import { stringify } from "yaml";

export interface FuzzInput {
  index: number;
  /** Which mutations made it, for reading failures. */
  recipe: string;
  text: string;
}

export const CORPUS_SIZE = 10_000;

const BASES: readonly object[] = [
  {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", labels: { app: "web" }, annotations: { team: "a" } },
    spec: {
      containers: [
        {
          name: "web",
          image: "nginx:1.27",
          ports: [{ containerPort: 80 }],
          resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi" } },
          env: [{ name: "MODE", value: "prod" }],
          readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 5 },
        },
      ],
      terminationGracePeriodSeconds: 30,
      tolerations: [{ key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }],
    },
  },
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "api", namespace: "default" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "api" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: "api" } },
        spec: { containers: [{ name: "api", image: "busybox:1.36", command: ["sleep", "3600"] }] },
      },
    },
  },
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "api" },
    spec: { selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }], type: "ClusterIP" },
  },
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" }, data: { mode: "prod", "app.conf": "a=1\nb=2\n" } },
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", labels: { env: "dev" } } },
];

const ODD_VALUES: readonly unknown[] = [
  null, true, false, [], {}, "", 0, -1, 1.5, 1e30, 2147483648, -2147483649, "abc", "-1", "0x1F", [1], [null], { a: 1 }, "x".repeat(300), "yes", "1e3", "∞",
];
const ODD_KEYS = ["imagee", "contianers", "", "metadata", "spec", "$ref", "__proto__", "constructor", "a.b", "kind"];
const STRAY_CHARS = [":", "{", "}", "[", "]", "&", "*", "!", "|", ">", "'", '"', "#", "%", "@", "`", "-", ",", "?", "\t", "\\"];

/** mulberry32: small, seedable, the same on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Every [container, key] pair under a tree, for choosing where to mutate. */
function slots(node: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): [Record<string, unknown> | unknown[], string | number][] {
  if (Array.isArray(node)) node.forEach((v, i) => (out.push([node, i]), slots(v, out)));
  else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) (out.push([node as Record<string, unknown>, k]), slots(v, out));
  return out;
}

type TreeMutation = (r: Rand, tree: Record<string, unknown>) => string;

const TREE_MUTATIONS: Record<string, TreeMutation> = {
  oddValue: (r, t) => {
    const [parent, key] = pick(r, slots(t));
    (parent as Record<string | number, unknown>)[key] = clone(pick(r, ODD_VALUES));
    return `oddValue@${String(key)}`;
  },
  dropKey: (r, t) => {
    const maps = slots(t).filter(([p]) => !Array.isArray(p));
    const [parent, key] = pick(r, maps);
    delete (parent as Record<string, unknown>)[key];
    return `dropKey@${String(key)}`;
  },
  oddKey: (r, t) => {
    const maps = [t, ...slots(t).map(([p, k]) => (p as Record<string | number, unknown>)[k]).filter((v): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v))];
    const key = pick(r, ODD_KEYS);
    Object.defineProperty(pick(r, maps), key, { value: clone(pick(r, ODD_VALUES)), enumerable: true, writable: true, configurable: true });
    return `oddKey@${key}`;
  },
  asList: (r, t) => {
    const items = pick(r, [[clone(t)], 5, null, "x", [5], [clone(t), null], {}]);
    for (const k of Object.keys(t)) delete t[k];
    Object.assign(t, { apiVersion: "v1", kind: pick(r, ["List", "PodList", "ConfigMapList"]), items });
    return "asList";
  },
};

type TextMutation = (r: Rand, text: string) => [string, string];

const lines = (text: string) => text.split("\n");
const TEXT_MUTATIONS: Record<string, TextMutation> = {
  tab: (r, text) => {
    const ls = lines(text);
    const i = int(r, 0, ls.length - 1);
    ls[i] = `\t${ls[i]}`;
    return [ls.join("\n"), `tab@${i + 1}`];
  },
  indent: (r, text) => {
    const ls = lines(text);
    const i = int(r, 0, ls.length - 1);
    const d = pick(r, [-2, -1, 1, 2, 3]);
    ls[i] = d > 0 ? " ".repeat(d) + ls[i] : ls[i]!.slice(Math.min(-d, ls[i]!.length - ls[i]!.trimStart().length));
    return [ls.join("\n"), `indent${d}@${i + 1}`];
  },
  stray: (r, text) => {
    const at = int(r, 0, text.length);
    const c = pick(r, STRAY_CHARS);
    return [text.slice(0, at) + c + text.slice(at), `stray${JSON.stringify(c)}@${at}`];
  },
  deleteChar: (r, text) => {
    const at = int(r, 0, Math.max(0, text.length - 1));
    return [text.slice(0, at) + text.slice(at + 1), `deleteChar@${at}`];
  },
  duplicateLine: (r, text) => {
    const ls = lines(text);
    const i = int(r, 0, ls.length - 1);
    ls.splice(i, 0, ls[i]!);
    return [ls.join("\n"), `duplicateLine@${i + 1}`];
  },
  directive: (r, text) => {
    const d = pick(r, ["%YAML 1.1", "%YAML 1.2", "%TAG ! tag:example.com,2000:", "%FOO bar", "%YAML 2.0"]);
    return [`${d}\n---\n${text}`, `directive ${d}`];
  },
  documents: (r, text) => {
    const form = int(r, 0, 4);
    const out = [`${text}---\n${text}`, `---\n---\n${text}`, `${text}...\n`, `${text}---\n`, `---\n${text}---\n# only a comment\n`][form]!;
    return [out, `documents${form}`];
  },
};

function anchors(r: Rand, base: string): [string, string] {
  const form = int(r, 0, 4);
  if (form === 0) {
    const n = pick(r, [1, 10, 99, 100, 101, 150, 300]);
    const refs = Array.from({ length: n }, (_, i) => `  k${i}: *v`).join("\n");
    return [`${base}x-values:\n  first: &v hello\n${refs}\n`, `aliases${n}`];
  }
  if (form === 1) return [`${base}x-ref: *${pick(r, ["nope", "v", "undefined"])}\n`, "unknownAnchor"];
  if (form === 2) {
    const depth = int(r, 2, 9);
    const rows = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"];
    for (let i = 1; i < depth; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      rows.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    return [`${base}${rows.map((l) => `x-${l}`).join("\n")}\n`, `aliasBomb${depth}`];
  }
  if (form === 3) return [`${base}x-merge:\n  base: &b {a: 1}\n  child:\n    <<: *b\n    c: 2\n`, "mergeKey"];
  return [`${base}x-self: &s\n  - *s\n`, "recursiveAlias"];
}

function nesting(r: Rand, base: string): [string, string] {
  const depth = pick(r, [10, 100, 1000, 2000, 10_001]);
  const flow = r() < 0.5;
  const nested = flow ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `{"a":`.repeat(depth) + "1" + "}".repeat(depth);
  return [`${base}x-deep: ${nested}\n`, `nesting${flow ? "Flow" : "Map"}${depth}`];
}

function brokenJson(r: Rand, tree: object): [string, string] {
  const json = JSON.stringify(tree, null, pick(r, [0, 2]));
  const form = int(r, 0, 4);
  if (form === 0) return [json.slice(0, int(r, 1, json.length - 1)), "jsonTruncated"];
  if (form === 1) return [json.replace(/}$/, ",}"), "jsonTrailingComma"];
  if (form === 2) {
    const at = int(r, 1, json.length - 1);
    return [json.slice(0, at) + pick(r, STRAY_CHARS) + json.slice(at), `jsonStray@${at}`];
  }
  if (form === 3) return [`${json}\n${json}`, "jsonTwice"];
  return [json.replace(/"/, "'"), "jsonSingleQuote"];
}

const SMALL_FILES: readonly string[] = ["", "\n", "   \n", "# nothing\n", "---\n", "5\n", "\"a string\"\n", "[1, 2]\n", "null\n", "~\n", "{}\n", "[]\n", "kind: Pod\n", "apiVersion: v1\n", "- a\n- b\n", "true\n"];

export function fuzzInput(index: number): FuzzInput {
  const r = rng(index * 2654435761 + 17);
  const tree = clone(pick(r, BASES)) as Record<string, unknown>;
  const roll = r();
  if (roll < 0.02) return { index, recipe: "small", text: pick(r, SMALL_FILES) };
  if (roll < 0.1) {
    const [text, recipe] = brokenJson(r, tree);
    return { index, recipe, text };
  }
  const recipe: string[] = [];
  const treeSteps = int(r, 0, 2);
  for (let i = 0; i < treeSteps; i++) {
    const name = pick(r, Object.keys(TREE_MUTATIONS));
    recipe.push(TREE_MUTATIONS[name]!(r, tree));
  }
  let text = r() < 0.1 ? `${JSON.stringify(tree)}\n` : stringify(tree);
  if (r() < 0.12) [text, recipe[recipe.length]] = anchors(r, text);
  else if (r() < 0.05) [text, recipe[recipe.length]] = nesting(r, text);
  const textSteps = int(r, 0, 2);
  for (let i = 0; i < textSteps; i++) {
    const name = pick(r, Object.keys(TEXT_MUTATIONS));
    let step: string;
    [text, step] = TEXT_MUTATIONS[name]!(r, text);
    recipe.push(step);
  }
  return { index, recipe: recipe.join(" ") || "valid", text };
}

/** A short, stable fingerprint of an input's text (FNV-1a, hex). */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}
