import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadLessons, parseLesson } from "./lessons.js";
import { contentDirs, packageRoot } from "./paths.js";
import { formatContentError } from "./sourceErrors.js";

const TESTDATA = fileURLToPath(new URL("./testdata/", import.meta.url));

describe("lesson loader", () => {
  test("front matter is parsed, defaults filled, the body kept", () => {
    const parsed = parseLesson("---\nid: pods-basics\ntitle: Pods\ntopic: pods\norder: 10\n---\n\n# Pods\n", "lessons/10-pods-basics.md");
    expect(parsed.errors).toEqual([]);
    expect(parsed.lesson).toMatchObject({ id: "pods-basics", order: 10, prerequisites: [], exercises: [], body: "# Pods\n" });
  });

  test("a wrong type names the file line (front matter starts on line 2)", () => {
    const parsed = parseLesson("---\nid: pods\ntitle: Pods\norder: ten\ntopic: pods\n---\nbody\n", "lessons/10-pods.md");
    expect(parsed.errors.map(formatContentError)).toEqual(['lessons/10-pods.md:4: "order" must be a number']);
  });

  test("the file name must be <order>-<id>.md", () => {
    const parsed = parseLesson("---\nid: pods\ntitle: Pods\norder: 10\ntopic: pods\n---\n", "lessons/20-pod.md");
    expect(parsed.errors.map(formatContentError)).toEqual(["lessons/20-pod.md:1: file name must be <order>-pods.md (the lesson's id is \"pods\")"]);
    const wrongOrder = parseLesson("---\nid: pods\ntitle: Pods\norder: 10\ntopic: pods\n---\n", "lessons/20-pods.md");
    expect(wrongOrder.errors.map(formatContentError)).toEqual(['lessons/20-pods.md:1: file name says order 20 but "order" is 10']);
  });

  test("loadLessons keeps good lessons and reports each bad file", () => {
    const { lessons, errors } = loadLessons(join(TESTDATA, "broken"));
    expect(lessons.map((l) => l.id)).toEqual(["good"]);
    expect(errors.map(formatContentError)).toEqual([
      'src/content/testdata/broken/10-pods.md:4: "order" must be a number',
      'src/content/testdata/broken/20-no-front-matter.md:1: a lesson must start with YAML front matter between "---" lines',
      'src/content/testdata/broken/30-typo.md:6: unknown key "prerequisite"',
    ]);
  });

  test("lessons come back sorted by order", () => {
    const { lessons, errors } = loadLessons(join(TESTDATA, "lessons"));
    expect(errors).toEqual([]);
    expect(lessons.map((l) => l.id)).toEqual(["containers", "pods-basics", "pod-labels", "services"]);
  });

  test("the package root is found from this module, and the content folders sit in it", () => {
    expect(fileURLToPath(new URL("../../package.json", import.meta.url))).toBe(join(packageRoot(), "package.json"));
    expect(contentDirs()).toEqual({ lessonsDir: join(packageRoot(), "lessons"), exercisesDir: join(packageRoot(), "exercises") });
    expect(contentDirs("/elsewhere").lessonsDir).toBe("/elsewhere/lessons");
  });
});
