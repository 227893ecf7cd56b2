/**
 * Exam definitions (issue 9, "Exams"): validated like exercises, with file:line:col
 * errors, the current CKA/CKAD curricula's domains and weights, and seeded draws.
 */
import { describe, expect, test } from "vitest";
import { formatContentError } from "../content/sourceErrors.js";
import { loadExercises } from "../grading/exercise.js";
import { PRESETS } from "../sim/world/create.js";
import { CURRICULA, domainCoverage, loadExams, parseExam, resolveTasks, type ExamDefinition } from "./definition.js";

const { exercises } = loadExercises();
const FILE = "exercises/exams/t.yaml";

const CKAD_DOMAINS = `domains:
  - { id: design-build, title: Application Design and Build, weight: 20, topics: [pods] }
  - { id: deployment, title: Application Deployment, weight: 20, topics: [deployments] }
  - { id: observability-maintenance, title: Observability, weight: 15, topics: [cluster] }
  - { id: environment-config-security, title: Config, weight: 25, topics: [config, security] }
  - { id: services-networking, title: Services and Networking, weight: 20, topics: [services] }
`;

function exam(body: string, head = `formatVersion: 1\nid: t\ntitle: T\nstyle: ckad\ndescription: d\nminutes: 120\npassPercent: 66\n${CKAD_DOMAINS}`): string {
  return `${head}${body}`;
}

function errorsOf(text: string): string[] {
  const parsed = parseExam(text, FILE, exercises);
  return parsed.ok ? [] : parsed.errors.map(formatContentError);
}

function parsed(text: string): ExamDefinition {
  const result = parseExam(text, FILE, exercises);
  if (!result.ok) throw new Error(result.errors.map(formatContentError).join("\n"));
  return result.exam;
}

const ONE_TASK = "tasks:\n  - { exercise: pods-run-nginx, points: 5, context: k8s-c1 }\n";

describe("exam definitions", () => {
  test("a valid exam loads; a fixed task's domain comes from its exercise's topics, contexts get their exercise's preset", () => {
    const e = parsed(exam(ONE_TASK));
    expect(e.contexts).toEqual([{ name: "k8s-c1", preset: "default" }]);
    const r = resolveTasks(e, exercises, 1);
    expect(r.ok && r.tasks[0]).toMatchObject({ number: 1, domain: "design-build", points: 5, context: "k8s-c1", drawn: false });
  });

  test("formatVersion, unknown keys and wrong types are reported at their line and column", () => {
    const text = exam(ONE_TASK).replace("formatVersion: 1", "formatVersion: 2").replace("minutes: 120", "minutes: two hours\nnmae: x");
    expect(errorsOf(text)).toEqual([
      `${FILE}:1:16: "formatVersion" must be 1 (found 2)`,
      `${FILE}:6:10: "minutes" must be a number`,
      `${FILE}:7:1: unknown key "nmae"`,
    ]);
  });

  test("the id must match the file name; the style must be cka, ckad or docker", () => {
    expect(errorsOf(exam(ONE_TASK).replace("id: t", "id: other").replace("style: ckad", "style: lfcs"))).toEqual([
      `${FILE}:2:5: "id" is "other" but the file is named t.yaml (they must match)`,
      `${FILE}:4:8: "style" must be one of cka, ckad, docker (found "lfcs")`,
    ]);
  });

  test("a cka/ckad exam uses its curriculum's domains with their weights (CKAD: Application Environment, Configuration and Security 25%)", () => {
    const wrongWeight = exam(ONE_TASK).replace("Config, weight: 25", "Config, weight: 20").replace("Observability, weight: 15", "Observability, weight: 20");
    expect(errorsOf(wrongWeight)).toEqual([`${FILE}:11:68: domains[2].weight: the CKAD curriculum weighs "Application Observability and Maintenance" 15%, not 20%`, `${FILE}:12:63: domains[3].weight: the CKAD curriculum weighs "Application Environment, Configuration and Security" 25%, not 20%`]);
    const renamed = exam(ONE_TASK).replace("id: observability-maintenance", "id: observability");
    expect(errorsOf(renamed)).toEqual([
      `${FILE}:9:3: the CKAD curriculum domain "observability-maintenance" (Application Observability and Maintenance, 15%) is missing`,
      `${FILE}:11:11: domains[2].id: "observability" is not a CKAD curriculum domain (design-build, deployment, observability-maintenance, environment-config-security, services-networking)`,
    ]);
    expect(CURRICULA.cka.map((d) => d.weight)).toEqual([30, 25, 20, 15, 10]);
    expect(CURRICULA.ckad.reduce((s, d) => s + d.weight, 0)).toBe(100);
  });

  test("docker exams choose their domains, but the weights add up to 100 and ids are unique", () => {
    const head = "formatVersion: 1\nid: t\ntitle: T\nstyle: docker\ndescription: d\nminutes: 30\npassPercent: 70\ndomains:\n  - { id: images, title: Images, weight: 60, topics: [pods] }\n  - { id: images, title: Again, weight: 30 }\n";
    expect(errorsOf(exam(ONE_TASK, head))).toEqual([`${FILE}:9:3: domain weights add up to 90, not 100`, `${FILE}:10:11: domains[1].id: "images" is declared twice`]);
  });

  test("a task names an existing exercise once, or a draw that matches something", () => {
    const tasks = `tasks:
  - { exercise: pods-run-nginx, points: 5, context: k8s-c1 }
  - { exercise: pods-run-nginx, points: 5, context: k8s-c1 }
  - { exercise: ghost, points: 5, context: k8s-c1 }
  - { draw: { topic: workloads }, points: 5, context: k8s-c1 }
`;
    expect(errorsOf(exam(tasks))).toEqual([
      `${FILE}:16:17: tasks[1].exercise: "pods-run-nginx" is already tasks[0]`,
      `${FILE}:17:17: tasks[2].exercise: no exercise "ghost" exists`,
      `${FILE}:18:13: tasks[3].draw: no exercise matches topic workloads`,
    ]);
  });

  test("a task has exercise or draw, never both; positive points; a context name kubectl accepts", () => {
    const tasks = `tasks:
  - { exercise: pods-fix-image, draw: { topic: pods }, points: 5, context: k8s-c1 }
  - { exercise: svc-fix-selector, points: 0, context: "k8s c1" }
  - { exercise: svc-fix-selector, points: 1.005, context: k8s-c1 }
`;
    expect(errorsOf(exam(tasks))).toEqual([
      `${FILE}:15:5: tasks[0]: a task has either exercise (a fixed id) or draw (a seeded pick), not both or neither`,
      `${FILE}:16:43: tasks[1]: "points" must be greater than 0`,
      `${FILE}:16:55: tasks[1]: "context" must be a context name without spaces or slashes`,
      `${FILE}:17:43: tasks[2]: "points" must have at most 2 decimals`,
    ]);
  });

  test("a task's domain must be one of the exam's, and an exercise no domain covers needs one", () => {
    const tasks = `tasks:
  - { exercise: pods-run-nginx, domain: storage, points: 5, context: k8s-c1 }
  - { exercise: sched-gpu-node, points: 5, context: k8s-c1 }
  - { draw: { domain: storage }, points: 5, context: k8s-c1 }
`;
    const errors = errorsOf(exam(tasks));
    expect(errors[0]).toBe(`${FILE}:15:41: tasks[0].domain: "storage" is not one of this exam's domains (design-build, deployment, observability-maintenance, environment-config-security, services-networking)`);
    expect(errors[1]).toBe(`${FILE}:16:5: tasks[1]: no domain's topics cover sched-gpu-node (topics scheduling); give the task a domain`);
    expect(errors.slice(2)).toEqual([`${FILE}:17:23: tasks[2].draw.domain: "storage" is not one of this exam's domains`]);
  });

  test("contexts are declared once, with a known preset, and a task cannot need another preset than its context's", () => {
    const text = exam(`contexts:\n  - { name: k8s-c1, preset: bare }\n  - { name: k8s-c1, preset: mars }\n${ONE_TASK}`);
    expect(errorsOf(text)).toEqual([`${FILE}:16:29: contexts[1]: "preset" must be a world preset: ${PRESETS.join(", ")}`]);
    const twice = exam(`contexts:\n  - { name: k8s-c1, preset: default }\n  - { name: k8s-c1, preset: default }\n${ONE_TASK}`);
    expect(errorsOf(twice)).toEqual([`${FILE}:16:13: contexts[1].name: "k8s-c1" is declared twice`]);
  });

  test("a context's preset must suit the exercises solved on it", () => {
    const text = exam(`contexts:\n  - { name: k8s-c1, preset: bare }\n${ONE_TASK}`);
    expect(errorsOf(text)).toEqual([`${FILE}:17:53: tasks[0].context: "k8s-c1" is a bare cluster but this task's exercise needs the default preset`]);
  });

  test("draws are seeded: the same seed gives the same exam, exercises never repeat, and a pool too small is an error at the task's line", () => {
    // The pool is whatever the shipped content tags `pods` (design-build's one topic), so adding an exercise does not break this.
    const pool = exercises.filter((x) => x.topics.includes("pods") && x.setup.preset === "default").map((x) => x.id).sort();
    expect(pool.length).toBeGreaterThanOrEqual(2);
    const draws = (n: number) => parsed(exam("tasks:\n" + "  - { draw: { domain: design-build }, points: 5, context: k8s-c1 }\n".repeat(n)));
    const e = draws(2);
    const pick = (seed: number) => {
      const r = resolveTasks(e, exercises, seed);
      if (!r.ok) throw new Error(r.error.message);
      return r.tasks.map((t) => t.exercise.id);
    };
    expect(pick(7)).toEqual(pick(7));
    expect(new Set(pick(7)).size).toBe(2);
    for (const id of pick(7)) expect(pool).toContain(id);
    const seeds = new Set(Array.from({ length: 40 }, (_, s) => pick(s).join(",")));
    expect(seeds.size).toBeGreaterThan(1); // the seed changes the draw

    const tooMany = draws(pool.length + 1);
    const r = resolveTasks(tooMany, exercises, 1);
    expect(r.ok ? "" : formatContentError(r.error)).toBe(`${FILE}:${15 + pool.length}: tasks[${pool.length}].draw: with seed 1, every exercise matching domain design-build is already used by another task`);
  });

  test("a draw on a cluster of a declared preset draws only exercises made for that preset (an ha exercise never lands on a default cluster)", () => {
    const etcdDomains = CKAD_DOMAINS.replace("topics: [cluster] }", "topics: [cluster, etcd, troubleshooting] }");
    const head = `formatVersion: 1\nid: t\ntitle: T\nstyle: ckad\ndescription: d\nminutes: 120\npassPercent: 66\n${etcdDomains}`;
    const draw = "  - { draw: { domain: observability-maintenance }, points: 5, context: k8s-c1 }\n";
    expect(exercises.some((x) => x.setup.preset === "ha" && x.topics.includes("etcd"))).toBe(true);
    // Without a declared preset the mixed candidates are refused; with one, they are narrowed to it.
    expect(errorsOf(exam(`tasks:\n${draw}`, head)).join("\n")).toContain("the draw's exercises need different presets");
    const e = parsed(exam(`contexts:\n  - { name: k8s-c1, preset: default }\ntasks:\n${draw}`, head));
    for (let seed = 0; seed < 40; seed++) {
      const r = resolveTasks(e, exercises, seed);
      if (!r.ok) throw new Error(r.error.message);
      expect(r.tasks[0]!.exercise.setup.preset, r.tasks[0]!.exercise.id).toBe("default");
    }
  });

  test("draw: {} picks only exercises one of the exam's domains covers (a Kubernetes drill never draws a Docker exercise)", () => {
    // The context's preset is declared: the candidates include exercises on other presets (ha).
    const e = parsed(exam("contexts:\n  - { name: k8s-c1, preset: default }\ntasks:\n  - { draw: {}, points: 5, context: k8s-c1 }\n"));
    const domainTopics = new Set(e.domains.flatMap((d) => d.topics));
    const drawn = new Set(Array.from({ length: 30 }, (_, seed) => {
      const r = resolveTasks(e, exercises, seed);
      if (!r.ok) throw new Error(r.error.message);
      return r.tasks[0]!.exercise;
    }));
    expect(exercises.some((x) => x.topics.every((t) => !domainTopics.has(t)))).toBe(true);
    for (const x of drawn) expect(x.topics.some((t) => domainTopics.has(t)), x.id).toBe(true);
  });

  test("coverage says which domains the tasks under-cover instead of padding", () => {
    const e = parsed(exam("tasks:\n  - { exercise: pods-run-nginx, points: 5, context: k8s-c1 }\n  - { exercise: deploy-create-scale, points: 5, context: k8s-c1 }\n  - { draw: { difficulty: easy, topic: pods }, points: 5, context: k8s-c2 }\n"));
    const { domains, varyingPoints } = domainCoverage(e, exercises);
    expect(varyingPoints).toBe(5);
    expect(domains.map((d) => [d.id, d.tasks, d.pointsPercent, d.underCovered])).toEqual([
      ["design-build", 1, 50, false],
      ["deployment", 1, 50, false],
      ["observability-maintenance", 0, 0, true],
      ["environment-config-security", 0, 0, true],
      ["services-networking", 0, 0, true],
    ]);
  });

  test("the shipped exams load without errors", () => {
    const { exams, errors } = loadExams(exercises);
    expect(errors.map(formatContentError)).toEqual([]);
    for (const e of exams) expect(resolveTasks(e, exercises, 1).ok).toBe(true);
  });
});

