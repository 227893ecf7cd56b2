// The progress report (issue 9): mastery, due counts, streak, activity, weakest topics and the
// readiness formula, all in exact integer arithmetic.
import { describe, expect, it } from "vitest";
import { openProgress } from "./open.js";
import { buildProgressReport, READINESS_METHOD, syllabusExercises, type ReportExam, type ReportInputs } from "./report.js";
import { bar, formatProgressReport } from "./reportFormat.js";
import type { CheckOutcome } from "./schema.js";
import { tempDataDir } from "./testSupport.js";

const DAY = 24 * 3600 * 1000;
const T0 = new Date("2026-11-01T09:00:00.000Z");
const day = (n: number) => new Date(T0.getTime() + n * DAY);

const exercises = syllabusExercises(
  [{ exercises: ["p1", "p2"] }, { exercises: ["s1"] }],
  [
    { id: "s1", title: "Service one", topics: ["services"], checks: [{ id: "a" }, { id: "b" }, { id: "c" }] },
    { id: "p2", title: "Pod two", topics: ["pods"], checks: [{ id: "a" }] },
    { id: "p1", title: "Pod one", topics: ["pods"], checks: [{ id: "a" }, { id: "b" }] },
    { id: "z9", title: "Stray", topics: ["extra"], checks: [{ id: "a" }] },
  ],
);
const exam: ReportExam = {
  id: "mock",
  title: "Mock",
  domains: [
    { id: "workloads", title: "Workloads", weight: 30, topics: ["pods"] },
    { id: "net", title: "Networking", weight: 60, topics: ["services"] },
    { id: "storage", title: "Storage", weight: 10, topics: ["storage"] },
  ],
};

const results = (pattern: string): CheckOutcome[] => [...pattern].map((r, i) => ({ id: "abc"[i]!, result: r === "p" ? "pass" : "fail", points: 1 }));

async function reportAt(now: Date, attempts: Array<[string, Date, string]>, extra: Partial<ReportInputs> = {}) {
  const { store } = await openProgress({ home: await tempDataDir(), now: () => now });
  for (const [id, at, pattern] of attempts) await store.recordAttempt(id, { at, commands: [], hintsUsed: 0, solutionViewed: false, checks: results(pattern) });
  const report = buildProgressReport({ now, data: store.snapshot(), items: store.skillItems(now), exercises, topics: ["pods", "services"], exams: [exam], examResults: [], ...extra });
  await store.close();
  return report;
}

describe("syllabusExercises", () => {
  it("orders exercises as the lessons list them, then the rest by id", () => {
    expect(exercises.map((e) => e.id)).toEqual(["p1", "p2", "s1", "z9"]);
  });
});

describe("buildProgressReport", () => {
  it("counts a check as mastered only while its last review passed and recall is ≥ 90%", async () => {
    // p1: a passes, b fails; s1: all pass. Checked the next day (recall well above 90%).
    const r = await reportAt(day(1), [
      ["p1", day(0), "pf"],
      ["s1", day(0), "ppp"],
    ]);
    expect(r.mastery).toEqual({ mastered: 4, items: 7, percent: 57 });
    expect(r.topics.map((t) => [t.topic, t.mastered, t.items, t.percent, t.completed, t.exercises])).toEqual([
      ["pods", 1, 3, 33, 0, 2],
      ["services", 3, 3, 100, 1, 1],
      ["extra", 0, 1, 0, 0, 1],
    ]);
    // Thirty days on, FSRS puts those first-review cards well below 90%: nothing is mastered.
    const later = await reportAt(day(30), [["s1", day(0), "ppp"]]);
    expect(later.mastery.mastered).toBe(0);
  });

  it("readiness is Σ weight × mastered ÷ items over Σ weight, as an exact fraction; an empty domain counts 0", async () => {
    const r = await reportAt(day(1), [
      ["p1", day(0), "pf"],
      ["s1", day(0), "ppp"],
    ]);
    const mock = r.readiness[0]!;
    expect(mock.domains.map((d) => [d.id, d.mastered, d.items])).toEqual([
      ["workloads", 1, 3],
      ["net", 3, 3],
      ["storage", 0, 0],
    ]);
    // (30 × 1/3 + 60 × 3/3 + 10 × 0) / 100 = 70/100 = 7/10.
    expect(mock.readiness).toEqual({ numerator: 7, denominator: 10 });
    expect(mock.percent).toBe(70);
    expect(mock.uncovered).toEqual(["storage"]);
    expect(r.method).toBe(READINESS_METHOD);
  });

  it("rounds readiness down in integers: 2/3 of a domain weighted 100 is 66%, never 67%", async () => {
    const one: ReportExam = { id: "one", title: "One", domains: [{ id: "w", title: "W", weight: 100, topics: ["services"] }] };
    const r = await reportAt(day(1), [["s1", day(0), "ppf"]], { exams: [one] });
    expect(r.readiness[0]).toMatchObject({ readiness: { numerator: 2, denominator: 3 }, percent: 66 });
  });

  it("counts exercises a task assigns to a domain explicitly, and merges exams with the same domains", async () => {
    const troubleshooting: ReportExam = { id: "t", title: "T", domains: [{ id: "trouble", title: "Troubleshooting", weight: 100, topics: ["troubleshooting"], exercises: ["p2"] }] };
    const r = await reportAt(day(1), [["p2", day(0), "p"]], { exams: [troubleshooting, { ...troubleshooting, id: "t2", title: "T2" }] });
    expect(r.readiness).toHaveLength(1);
    expect(r.readiness[0]).toMatchObject({ examIds: ["t", "t2"], percent: 100, domains: [{ mastered: 1, items: 1 }] });
  });

  it("counts due checks now, by the end of today and within the week, on the learner's calendar", async () => {
    // A failed check (Again) is due a day later; a passed one (Good) three days later.
    const attempts: Array<[string, Date, string]> = [["p1", day(0), "pf"]];
    const r = await reportAt(day(1), attempts);
    expect(r.due).toEqual({ now: 1, today: 1, week: 2 });
    expect((await reportAt(day(0.5), attempts)).due).toEqual({ now: 0, today: 0, week: 2 });
  });

  it("keeps a streak through today and yesterday, broken by a day without attempts", async () => {
    const attempts: Array<[string, Date, string]> = [
      ["p1", day(-5), "pp"],
      ["p1", day(-2), "pp"],
      ["p2", day(-1), "p"],
      ["s1", day(0), "ppf"],
    ];
    expect((await reportAt(day(0), attempts)).streak).toEqual({ days: 3, lastActiveDay: "2026-11-01" });
    // Nothing yet today: the streak still stands on yesterday.
    expect((await reportAt(day(1), attempts)).streak.days).toBe(3);
    expect((await reportAt(day(2), attempts)).streak.days).toBe(0);
  });

  it("charts reviews and pass rate per day, a day without reviews having no pass rate", async () => {
    const r = await reportAt(day(0), [
      ["p1", day(-1), "pf"],
      ["s1", day(0), "ppf"],
      ["p2", day(0), "p"],
    ], { days: 3 });
    expect(r.activity).toEqual([
      { day: "2026-10-30", reviews: 0, passes: 0, passPercent: null },
      { day: "2026-10-31", reviews: 2, passes: 1, passPercent: 50 },
      { day: "2026-11-01", reviews: 4, passes: 3, passPercent: 75 },
    ]);
    expect(r.totals).toEqual({ reviews: 6, passes: 4, passPercent: 66 });
  });

  it("names the weakest topics with the next exercise: the first not passed, in syllabus order", async () => {
    const r = await reportAt(day(1), [
      ["p1", day(0), "pp"],
      ["s1", day(0), "pff"],
    ]);
    expect(r.weakest.map((w) => [w.topic, w.percent, w.next?.exerciseId, w.next?.why])).toEqual([
      ["extra", 0, "z9", "not passed yet"],
      ["services", 33, "s1", "not passed yet"],
      ["pods", 66, "p2", "not passed yet"],
    ]);
  });

  it("prints what the JSON holds: bars never full before 100%, and the method line", async () => {
    expect(bar({ mastered: 19, items: 20 }, 20)).toBe("█".repeat(19) + "░");
    expect(bar({ mastered: 0, items: 0 }, 4)).toBe("░░░░");
    const text = formatProgressReport(await reportAt(day(1), [["p1", day(0), "pf"], ["s1", day(0), "ppp"]]));
    expect(text).toContain("  mastery              ███████████░░░░░░░░░  57%  4/7 checks\n");
    expect(text).toContain("  Mock: 70% ready\n");
    expect(text).toContain(READINESS_METHOD);
    expect(text).toContain("no exercises yet for: storage (counted as 0)");
  });

  it("lists exam scores over time, oldest first, and charts them once there are two (issue 9: 'a chart ... of exam scores over time')", async () => {
    const result = (examId: string, submittedAt: string, percent: number, passed: boolean) => ({ examId, runId: `${examId}-${submittedAt}`, submittedAt, scoreCents: percent * 100, maxCents: 10_000, percent, passed });
    const later = result("mock", "2026-10-30T10:00:00.000Z", 72, true);
    const earlier = result("mock", "2026-10-20T10:00:00.000Z", 40, false);
    const r = await reportAt(day(0), [], { examResults: [later, earlier] });
    expect(r.examScores.map((e) => e.percent)).toEqual([40, 72]);
    const text = formatProgressReport(r);
    const section = text.slice(text.indexOf("Exam scores (%)"), text.indexOf("Weakest topics"));
    expect(section).toContain("  2026-10-20  mock  40% fail\n  2026-10-30  mock  72% pass\n");
    // asciichart's axis labels: the chart spans the two scores.
    expect(section).toMatch(/^\s+72 ┤/m);
    expect(section).toMatch(/^\s+40 ┼/m);
    const one = formatProgressReport(await reportAt(day(0), [], { examResults: [earlier] }));
    expect(one.slice(one.indexOf("Exam scores (%)"), one.indexOf("Weakest topics"))).not.toMatch(/┤|┼/);
  });
});
