/**
 * The progress report behind `kadet progress` and the Progress screen: mastery per topic and
 * per exam domain, what is due, the streak, reviews and pass rate per day, exam scores over
 * time, the weakest topics with the next exercise to do, and a readiness estimate per exam.
 *
 * Pure and exact: counts are integers, shares are fractions of integers, and every percent
 * shown is floor(100 × numerator ÷ denominator) computed in integers, so what is printed is
 * exactly what the JSON records, and 89.99% never reads as 90%.
 */
import { DESIRED_RETENTION } from "./review.js";
import type { ProgressData } from "./schema.js";
import type { SkillItem } from "./store.js";

/** An exercise as the report needs it; listed in syllabus order. */
export interface ReportExercise {
  id: string;
  title: string;
  topics: readonly string[];
  checkIds: readonly string[];
}

export interface ReportExam {
  id: string;
  title: string;
  /** `exercises`: ids the exam's tasks assign to the domain explicitly (`domain:` on a task), beside its topics' exercises. */
  domains: readonly { id: string; title: string; weight: number; topics: readonly string[]; exercises?: readonly string[] }[];
}

export interface ReportExamResult {
  examId: string;
  runId: string;
  submittedAt: string;
  scoreCents: number;
  maxCents: number;
  /** As the exam report printed it (rounded down to a tenth). */
  percent: number;
  passed: boolean;
}

export interface ReportInputs {
  now: Date;
  data: ProgressData;
  items: readonly SkillItem[];
  exercises: readonly ReportExercise[];
  /** Topic ids in syllabus order. */
  topics: readonly string[];
  exams: readonly ReportExam[];
  examResults: readonly ReportExamResult[];
  /** Minutes to add to UTC for the learner's calendar day (streaks, days); 0 for UTC. */
  utcOffsetMinutes?: number;
  /** How many days the activity series covers, today included. */
  days?: number;
}

/** A share of integers; `percent` is floor(100 × mastered ÷ items), 0 when there are no items. */
export interface Share {
  mastered: number;
  items: number;
  percent: number;
}

export interface TopicMastery extends Share {
  topic: string;
  exercises: number;
  completed: number;
}

export interface DomainReadiness extends Share {
  id: string;
  title: string;
  weight: number;
}

export interface ExamReadiness {
  /** Exams with the same domains, weights and topics share one estimate (cka-mock-1 and -2). */
  examIds: string[];
  title: string;
  domains: DomainReadiness[];
  /** Σ weight × mastered ÷ items over the domains, ÷ Σ weight, as a reduced fraction. */
  readiness: { numerator: number; denominator: number };
  percent: number;
  /** Domains without a single exercise: they count 0, as nothing in them can be practised. */
  uncovered: string[];
}

export interface DayActivity {
  day: string;
  /** Check results recorded that day (each check of each attempt is one review of its card). */
  reviews: number;
  passes: number;
  /** floor(100 × passes ÷ reviews); null on a day without reviews. */
  passPercent: number | null;
}

export interface WeakTopic extends TopicMastery {
  next?: { exerciseId: string; title: string; why: "not passed yet" | "due for review" | "lowest recall" };
}

export interface ProgressReport {
  now: string;
  lessonsRead: number;
  exercises: { total: number; attempted: number; completed: number };
  /** Over every check of every installed exercise. */
  mastery: Share;
  topics: TopicMastery[];
  due: { now: number; today: number; week: number };
  streak: { days: number; lastActiveDay: string | null };
  activity: DayActivity[];
  totals: { reviews: number; passes: number; passPercent: number | null };
  examScores: ReportExamResult[];
  readiness: ExamReadiness[];
  weakest: WeakTopic[];
  method: string;
}

export const READINESS_METHOD =
  "readiness = Σ(domain weight × mastered checks ÷ checks of the domain's exercises) ÷ Σ weights; a check is mastered when its last review passed and FSRS puts its recall now at 90% or more; a domain without exercises counts 0";

const DAY_MS = 24 * 60 * 60 * 1000;

function percentOf(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : Math.floor((100 * numerator) / denominator);
}

function share(mastered: number, items: number): Share {
  return { mastered, items, percent: percentOf(mastered, items) };
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return Math.abs(a);
}

/** The mastered set: last review not a fail, and recall now at least the desired retention. */
function masteredKeys(items: readonly SkillItem[]): Set<string> {
  const keys = new Set<string>();
  for (const item of items) {
    if (item.card.lastGrade !== "again" && item.card.lastReview !== null && item.retrievability >= DESIRED_RETENTION) keys.add(`${item.exerciseId}\u0000${item.checkId}`);
  }
  return keys;
}

function countMastered(exercises: readonly ReportExercise[], mastered: Set<string>): Share {
  let items = 0;
  let count = 0;
  for (const e of exercises) {
    for (const c of e.checkIds) {
      items++;
      if (mastered.has(`${e.id}\u0000${c}`)) count++;
    }
  }
  return share(count, items);
}

function dayKey(time: number, offsetMinutes: number): string {
  return new Date(time + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function buildProgressReport(inputs: ReportInputs): ProgressReport {
  const { now, data, items, exercises, topics } = inputs;
  const offset = inputs.utcOffsetMinutes ?? 0;
  const nowMs = now.getTime();
  const mastered = masteredKeys(items);
  const completed = (id: string) => (data.exercises[id]?.completedAt ?? null) !== null;

  const topicOrder = [...topics.filter((t) => exercises.some((e) => e.topics.includes(t))), ...[...new Set(exercises.flatMap((e) => e.topics))].filter((t) => !topics.includes(t)).sort()];
  const topicRows: TopicMastery[] = topicOrder.map((topic) => {
    const inTopic = exercises.filter((e) => e.topics.includes(topic));
    return { topic, ...countMastered(inTopic, mastered), exercises: inTopic.length, completed: inTopic.filter((e) => completed(e.id)).length };
  });

  // Due counts are of skill cards (checks), by the learner's calendar day.
  const installed = new Set(exercises.map((e) => e.id));
  const live = items.filter((i) => installed.has(i.exerciseId));
  const today = dayKey(nowMs, offset);
  const endOfToday = Date.parse(`${today}T00:00:00.000Z`) - offset * 60_000 + DAY_MS;
  const due = {
    now: live.filter((i) => i.due.getTime() <= nowMs).length,
    today: live.filter((i) => i.due.getTime() < endOfToday).length,
    week: live.filter((i) => i.due.getTime() < endOfToday + 6 * DAY_MS).length,
  };

  // Activity: every check of every attempt is one review of its card.
  const perDay = new Map<string, { reviews: number; passes: number }>();
  let reviews = 0;
  let passes = 0;
  for (const entry of Object.values(data.exercises)) {
    for (const attempt of entry.attempts) {
      const key = dayKey(Date.parse(attempt.at), offset);
      const row = perDay.get(key) ?? { reviews: 0, passes: 0 };
      for (const check of attempt.checks) {
        row.reviews++;
        reviews++;
        if (check.result === "pass") {
          row.passes++;
          passes++;
        }
      }
      perDay.set(key, row);
    }
  }
  const span = inputs.days ?? 14;
  const activity: DayActivity[] = [];
  for (let i = span - 1; i >= 0; i--) {
    const key = dayKey(nowMs - i * DAY_MS, offset);
    const row = perDay.get(key) ?? { reviews: 0, passes: 0 };
    activity.push({ day: key, reviews: row.reviews, passes: row.passes, passPercent: row.reviews === 0 ? null : percentOf(row.passes, row.reviews) });
  }

  // A streak is alive until a whole calendar day passes without an attempt.
  const activeDays = new Set([...perDay.keys()]);
  let streakDays = 0;
  let cursor = activeDays.has(today) ? nowMs : nowMs - DAY_MS;
  while (activeDays.has(dayKey(cursor, offset))) {
    streakDays++;
    cursor -= DAY_MS;
  }
  const lastActiveDay = [...activeDays].sort().at(-1) ?? null;

  const groups = new Map<string, ReportExam[]>();
  for (const exam of inputs.exams) {
    const key = JSON.stringify(exam.domains.map((d) => [d.id, d.weight, [...d.topics].sort(), [...(d.exercises ?? [])].sort()]));
    groups.set(key, [...(groups.get(key) ?? []), exam]);
  }
  const readiness: ExamReadiness[] = [...groups.values()].map((group) => {
    const exam = group[0]!;
    const domains = exam.domains.map((d) => {
      const inDomain = exercises.filter((e) => e.topics.some((t) => d.topics.includes(t)) || (d.exercises ?? []).includes(e.id));
      return { id: d.id, title: d.title, weight: d.weight, ...countMastered(inDomain, mastered) };
    });
    // Σ w·m/n as one fraction over the product-free common denominator lcm(n) × Σw.
    let numerator = 0;
    let denominator = 1;
    for (const d of domains) {
      if (d.items === 0) continue;
      const lcm = (denominator / gcd(denominator, d.items)) * d.items;
      numerator = numerator * (lcm / denominator) + d.weight * d.mastered * (lcm / d.items);
      denominator = lcm;
    }
    denominator *= domains.reduce((s, d) => s + d.weight, 0) || 1;
    const g = gcd(numerator, denominator) || 1;
    return {
      examIds: group.map((e) => e.id),
      title: group.map((e) => e.title).join(", "),
      domains,
      readiness: { numerator: numerator / g, denominator: denominator / g },
      percent: percentOf(numerator, denominator),
      uncovered: domains.filter((d) => d.items === 0).map((d) => d.id),
    };
  });

  const byLowestRecall = [...live].sort((a, b) => a.retrievability - b.retrievability);
  const weakest: WeakTopic[] = topicRows
    .filter((t) => t.items > 0 && t.percent < 100)
    .map((t, index) => ({ t, index }))
    .sort((a, b) => a.t.percent - b.t.percent || a.index - b.index)
    .slice(0, 3)
    .map(({ t }) => {
      const inTopic = exercises.filter((e) => e.topics.includes(t.topic));
      const notPassed = inTopic.find((e) => !completed(e.id));
      if (notPassed) return { ...t, next: { exerciseId: notPassed.id, title: notPassed.title, why: "not passed yet" as const } };
      const weakItem = byLowestRecall.find((i) => inTopic.some((e) => e.id === i.exerciseId));
      if (weakItem === undefined) return t;
      const e = inTopic.find((x) => x.id === weakItem.exerciseId)!;
      return { ...t, next: { exerciseId: e.id, title: e.title, why: weakItem.due.getTime() <= nowMs ? ("due for review" as const) : ("lowest recall" as const) } };
    });

  return {
    now: now.toISOString(),
    lessonsRead: Object.keys(data.lessons).length,
    exercises: {
      total: exercises.length,
      attempted: exercises.filter((e) => (data.exercises[e.id]?.attempts.length ?? 0) > 0).length,
      completed: exercises.filter((e) => completed(e.id)).length,
    },
    mastery: countMastered(exercises, mastered),
    topics: topicRows,
    due,
    streak: { days: streakDays, lastActiveDay },
    activity,
    totals: { reviews, passes, passPercent: reviews === 0 ? null : percentOf(passes, reviews) },
    // Over time: oldest first, whatever order the reports were read in (ISO times compare as text).
    examScores: [...inputs.examResults].sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0)),
    readiness,
    weakest,
    method: READINESS_METHOD,
  };
}

/**
 * The exercises in syllabus order: those the lessons list, lesson by lesson, then the others
 * by id (byte order). Structural inputs, so the content and exam loaders stay out of progress/.
 */
export function syllabusExercises(
  lessonsInOrder: readonly { exercises: readonly string[] }[],
  exercises: readonly { id: string; title: string; topics: readonly string[]; checks: readonly { id: string }[] }[],
): ReportExercise[] {
  const byId = new Map(exercises.map((e) => [e.id, e]));
  const ordered: string[] = [];
  for (const lesson of lessonsInOrder) for (const id of lesson.exercises) if (byId.has(id) && !ordered.includes(id)) ordered.push(id);
  for (const id of [...byId.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) if (!ordered.includes(id)) ordered.push(id);
  return ordered.map((id) => {
    const e = byId.get(id)!;
    return { id: e.id, title: e.title, topics: e.topics, checkIds: e.checks.map((c) => c.id) };
  });
}
