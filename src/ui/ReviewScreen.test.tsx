// The Progress and Review screens and the "next" flow inside Ink (issue 9): the report's bars
// and readiness, r for the review list, a leech's lesson, Enter to review, and 'next' after a pass.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "ink-testing-library";
import { App } from "./App.js";
import { buildProgressReport, syllabusExercises } from "../progress/report.js";
import { FsrsScheduler } from "../progress/review.js";
import type { QueuedReview } from "../progress/reviewQueue.js";
import { emptyProgress } from "../progress/schema.js";
import type { SkillItem } from "../progress/store.js";
import { KEYS, PASSING_VERDICT, fakeServices, press, typeLine, waitFor, waitForScreen } from "./testSupport.js";

afterEach(() => cleanup());

const NOW = new Date("2026-11-10T09:00:00.000Z");
const fsrs = new FsrsScheduler();

function reportFor(masteredChecks: number) {
  const exercises = syllabusExercises([], [
    { id: "pods-run-nginx", title: "Run your first pod", topics: ["pods"], checks: [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }] },
  ]);
  const card = fsrs.review(undefined, "good", new Date(NOW.getTime() - 3600_000));
  const items: SkillItem[] = ["a", "b", "c", "d"].slice(0, masteredChecks).map((checkId) => ({
    exerciseId: "pods-run-nginx",
    checkId,
    due: new Date(card.due),
    retrievability: fsrs.retrievability(card, NOW),
    card,
  }));
  return buildProgressReport({
    now: NOW,
    data: emptyProgress(),
    items,
    exercises,
    topics: ["pods"],
    exams: [{ id: "mock", title: "Mock", domains: [{ id: "w", title: "Workloads", weight: 100, topics: ["pods"] }] }],
    examResults: [],
  });
}

const leech: QueuedReview = {
  exerciseId: "pods-run-nginx",
  title: "Run your first pod",
  due: "2026-11-09T09:00:00.000Z",
  retrievability: 0.42,
  recallPercent: 42,
  checks: [{ checkId: "a", due: "2026-11-09T09:00:00.000Z", retrievability: 0.42, recallPercent: 42, lapses: 4 }],
  lapses: 4,
  leech: { lapses: 4, lessons: [{ id: "pods-basics", title: "Pods" }] },
};

describe("Progress screen with the report", () => {
  it("shows mastery bars and readiness as kadet progress prints them, and r opens the Review screen", async () => {
    const services = fakeServices();
    services.progress.report = () => reportFor(3);
    services.progress.reviewQueue = () => [leech];
    const { stdin, lastFrame } = render(<App services={services} initialScreen={{ name: "progress" }} />);
    await waitForScreen({ lastFrame }, "Mastery by topic");
    // 3 of 4 checks: 15 of 20 cells, 75%.
    expect(lastFrame()).toContain(`${"█".repeat(15)}${"░".repeat(5)}  75%  3/4 checks`);
    expect(lastFrame()).toContain("r review");
    await press(stdin, "r");
    await waitForScreen({ lastFrame }, "Review · 1 due");
    expect(lastFrame()).toContain("recall 42% · 1 check due · leech");
    expect(lastFrame()!.replace(/\s+/g, " ")).toContain('pods-run-nginx is a leech: failed 4 times after it was learnt; reread the lesson "Pods" (pods-basics) before trying again');
    await press(stdin, KEYS.enter);
    await waitFor(() => expect(lastFrame()).toContain("kadet › Run your first pod"));
    await waitFor(() => expect(services.prepared).toEqual(["pods-run-nginx"]));
  });

  it("scrolls to the readiness section, and Esc on an empty Review screen goes back to the report", async () => {
    const services = fakeServices();
    services.progress.report = () => reportFor(4);
    services.progress.reviewQueue = () => [];
    const { stdin, lastFrame } = render(<App services={services} initialScreen={{ name: "progress" }} />);
    await waitForScreen({ lastFrame }, "Mastery by topic");
    await press(stdin, KEYS.pageDown);
    await waitFor(() => expect(lastFrame()).toContain("Mock: 100% ready"));
    await press(stdin, "r");
    await waitForScreen({ lastFrame }, "Nothing is due for review");
    await press(stdin, KEYS.escape);
    await waitForScreen({ lastFrame }, "kadet › Progress");
  });
});

describe("reviewing a parameterised exercise (issue 9: a review is not the same text to memorise)", () => {
  it("Enter opens the variant drawn with the item's seed, in a run of its own", async () => {
    const services = fakeServices();
    const base = services.exercises.find((e) => e.id === "pods-run-nginx")!;
    services.progress.reviewQueue = () => [{ ...leech, lapses: 0, leech: undefined, seed: 7 } as QueuedReview];
    const asked: number[] = [];
    services.variant = (id, seed) => {
      asked.push(seed);
      return id === base.id ? { ...base, task: `Run a pod named **web-${seed}**.`, seed } : undefined;
    };
    const { stdin, lastFrame } = render(<App services={services} initialScreen={{ name: "progress", view: "review" }} />);
    await waitForScreen({ lastFrame }, "Review · 1 due");
    await press(stdin, KEYS.enter);
    await waitFor(() => expect(lastFrame()).toContain("web-7"));
    expect(asked).toContain(7);
    await waitFor(() => expect(services.prepared).toEqual(["pods-run-nginx"]));
  });
});

describe("next after a pass (rustlings' next)", () => {
  it("offers the next exercise after a passing check, and 'next' opens it", async () => {
    const services = fakeServices({ verdict: PASSING_VERDICT });
    services.progress.nextAfter = (id) => (id === "pods-run-nginx" ? { exerciseId: "deploy-scale", why: "next in the syllabus" } : undefined);
    const next = services.exercises.find((e) => e.id === "deploy-scale")!;
    const { stdin, lastFrame } = render(<App services={services} initialScreen={{ name: "exercise", exerciseId: "pods-run-nginx", from: { name: "home" } }} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "check");
    await waitFor(() => expect(lastFrame()).toContain(`→ next: ${next.title} (next in the syllabus); type 'next' to open it`));
    await typeLine({ stdin, lastFrame }, "next");
    await waitFor(() => expect(lastFrame()).toContain(`kadet › ${next.title}`));
  });
});
