import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadLessons, type Lesson } from "./lessons.js";
import { buildSyllabus, lessonsInOrder, TOPICS } from "./syllabus.js";

const TESTDATA = fileURLToPath(new URL("./testdata/", import.meta.url));

const lesson = (id: string, topic: string, order: number, prerequisites: string[] = []): Lesson => ({
  id,
  title: id,
  topic,
  order,
  prerequisites,
  exercises: [],
  body: "",
  file: `lessons/${order}-${id}.md`,
});

describe("syllabus", () => {
  test("topics in syllabus order, lessons by order within a topic, prerequisites resolved", () => {
    const { lessons } = loadLessons(join(TESTDATA, "lessons"));
    const syllabus = buildSyllabus(lessons, { exerciseIds: ["pods-run-nginx", "pods-label"] });
    expect(syllabus.topics.map((t) => t.topic.id)).toEqual(["containers", "pods", "services"]);
    expect(lessonsInOrder(syllabus).map((l) => l.id)).toEqual(["containers", "pods-basics", "pod-labels", "services"]);
    const labels = syllabus.topics[1]!.lessons[1]!;
    expect(labels.prerequisites.map((l) => l.id)).toEqual(["pods-basics"]);
    expect(syllabus.problems).toEqual([
      { file: "src/content/testdata/lessons/20-pod-labels.md", message: 'exercise "no-such-exercise" does not exist' },
      { file: "src/content/testdata/lessons/30-services.md", message: 'prerequisite "endpoints-deep-dive" is not a lesson id' },
    ]);
  });

  test("an unknown topic is reported and its lessons kept after the known topics", () => {
    const syllabus = buildSyllabus([lesson("helm", "helm", 1), lesson("pods", "pods", 2)]);
    expect(syllabus.topics.map((t) => t.topic.id)).toEqual(["pods", "helm"]);
    expect(syllabus.problems[0]?.message).toMatch(/^topic "helm" is not in the syllabus/);
  });

  test("prerequisite cycles are reported", () => {
    const syllabus = buildSyllabus([lesson("a", "pods", 1, ["b"]), lesson("b", "pods", 2, ["a"])]);
    expect(syllabus.problems).toEqual([{ file: "lessons/2-b.md", message: "prerequisites form a cycle: a → b → a" }]);
  });

  test("topic ids are unique", () => {
    expect(new Set(TOPICS.map((t) => t.id)).size).toBe(TOPICS.length);
  });
});
