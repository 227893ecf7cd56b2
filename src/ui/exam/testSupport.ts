/**
 * Fakes for the exam screens' tests: a run whose clock the test moves by hand, and exam
 * services around it. They keep what the screen asked (lines run, lines saved, switches,
 * flags, submits) so a test can assert on them.
 */
import type { ExamReport } from "../../exam/session.js";
import type { CommandOutput } from "../ports.js";
import type { ExamRun, ExamServices, ExamSummary, RunInProgress, SubmitResult, TaskText, TaskView } from "./ports.js";

export class FakeClock {
  constructor(public ms = Date.UTC(2026, 11, 3, 9, 0, 0)) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface FakeTask {
  points: number;
  context: string;
  host?: string;
  seen: boolean;
  flagged: boolean;
  log: { line: string; exitCode: number }[];
}

export class FakeExamRun implements ExamRun {
  readonly examId = "mock";
  readonly runId = "mock-run-1";
  readonly title = "Mock exam";
  readonly style = "cka";
  readonly pausable = false;
  readonly notices: string[] = [];
  readonly history: string[] = [];
  readonly tasks: FakeTask[];
  readonly ran: string[] = [];
  readonly savedLines: string[] = [];
  readonly submits: { atMs: number; remainingMs: number }[] = [];
  current = 1;
  private readonly startedAt: number;

  constructor(
    readonly clock: FakeClock,
    readonly minutes = 120,
    points: number[] = [4, 6, 10],
    readonly resumed = false,
    readonly savedLine = "",
    readonly answers: Record<string, Partial<CommandOutput>> = {},
  ) {
    this.startedAt = clock.now();
    this.tasks = points.map((p, i) => ({ points: p, context: `k8s-c${i + 1}`, seen: i === 0, flagged: false, log: [] }));
  }

  get taskCount(): number {
    return this.tasks.length;
  }

  presetName(): string {
    return "bare";
  }

  async run(line: string): Promise<CommandOutput> {
    this.ran.push(line);
    const answer = this.answers[line];
    const result = answer ? { stdout: answer.stdout ?? "", stderr: answer.stderr ?? "", exitCode: answer.exitCode ?? 0 } : { stdout: "", stderr: `bash: ${line.split(" ")[0]}: command not found\n`, exitCode: 127 };
    this.tasks[this.current - 1]!.log.push({ line, exitCode: result.exitCode });
    return result;
  }

  currentTask(): number {
    return this.current;
  }

  task(number: number): TaskView {
    const t = this.tasks[number - 1]!;
    return { number, points: t.points, context: t.context, ...(t.host ? { host: t.host } : {}), status: t.flagged ? "flagged" : t.seen ? "seen" : "unseen", commands: t.log.length };
  }

  taskText(number: number): TaskText {
    const t = this.tasks[number - 1]!;
    return { heading: `Task ${number} of ${this.tasks.length} · ${t.points} points · Fake task ${number}`, where: [`kubectl config use-context ${t.context}`], body: `Body of task **${number}**.` };
  }

  typed(number: number) {
    return this.tasks[number - 1]!.log;
  }

  remainingMs(): number {
    return Math.max(0, this.minutes * 60_000 - (this.clock.now() - this.startedAt));
  }

  submitted(): boolean {
    return this.submits.length > 0;
  }

  async goTo(number: number): Promise<void> {
    this.current = number;
    this.tasks[number - 1]!.seen = true;
  }

  async setFlag(number: number, flagged: boolean): Promise<void> {
    this.tasks[number - 1]!.flagged = flagged;
  }

  saveLine(line: string): void {
    this.savedLines.push(line);
  }

  async submit(): Promise<SubmitResult> {
    this.submits.push({ atMs: this.clock.now(), remainingMs: this.remainingMs() });
    return { report: sampleReport({ reason: this.remainingMs() === 0 ? "time-up" : "submitted" }) };
  }
}

export class FakeExamServices implements ExamServices {
  readonly opened: { examId: string; seed?: number; pausable?: boolean }[] = [];
  constructor(
    readonly exams: ExamSummary[],
    readonly run: FakeExamRun,
    public progress?: RunInProgress,
    readonly report?: ExamReport,
  ) {}
  list(): readonly ExamSummary[] {
    return this.exams;
  }
  async inProgress(): Promise<RunInProgress | undefined> {
    return this.progress;
  }
  async open(examId: string, options: { seed?: number; pausable?: boolean } = {}): Promise<ExamRun> {
    this.opened.push({ examId, ...options });
    return this.run;
  }
  async latestReport(): Promise<ExamReport | undefined> {
    return this.report;
  }
}

export const SAMPLE_EXAMS: ExamSummary[] = [
  { id: "mock", title: "Mock exam", style: "cka", tasks: 3, minutes: 120, passPercent: 66, underCovered: ["Storage"], description: "A mock with three tasks." },
  { id: "drill", title: "Quick drill", style: "cka", tasks: 5, minutes: 20, passPercent: 66, underCovered: [], description: "Five random tasks." },
];

/** A report as ExamSession builds it: one task partly done (a failed check), one untouched. */
export function sampleReport(overrides: Partial<ExamReport> = {}): ExamReport {
  return {
    reportVersion: 1,
    runId: "mock-run-1",
    examId: "mock",
    title: "Mock exam",
    style: "cka",
    seed: 7,
    pausable: false,
    startedAt: "2026-12-03T09:00:00.000Z",
    submittedAt: "2026-12-03T09:40:00.000Z",
    reason: "submitted",
    minutes: 120,
    elapsedMs: 40 * 60_000,
    scoreCents: 200,
    maxCents: 1000,
    score: 2,
    maxScore: 10,
    percent: 20,
    passPercent: 66,
    passed: false,
    tasks: [
      {
        number: 1,
        exerciseId: "pods-run",
        title: "Run a pod",
        domain: "workloads",
        context: "k8s-c1",
        drawn: false,
        seen: true,
        flagged: true,
        timeMs: 25 * 60_000,
        scoreCents: 200,
        maxCents: 400,
        checks: [
          { id: "exists", description: "Pod web exists", status: "pass", earnedCents: 200, maxCents: 200, message: "found" },
          { id: "image", description: "Pod web runs nginx:1.27", status: "fail", earnedCents: 0, maxCents: 200, observed: "nginx:1.25", expected: "nginx:1.27", message: "the pod runs another image" },
        ],
        replay: [
          { line: "kubectl run web --image=nginx:1.25", exitCode: 0, modelTime: "2026-01-01T00:00:00Z" },
          { line: "kubectl get pod webb", exitCode: 1, modelTime: "2026-01-01T00:00:05Z" },
        ],
        reference: { commands: ["kubectl run web --image=nginx:1.27"], files: [], explanation: "kubectl run creates one pod." },
      },
      {
        number: 2,
        exerciseId: "svc-expose",
        title: "Expose it",
        domain: "networking",
        context: "k8s-c2",
        drawn: false,
        seen: false,
        flagged: false,
        timeMs: 0,
        scoreCents: 0,
        maxCents: 600,
        checks: [{ id: "svc", description: "Service web exists", status: "fail", earnedCents: 0, maxCents: 600, message: "no service web" }],
        replay: [],
        reference: { commands: ["kubectl expose pod web --port=80"], files: [], explanation: "expose makes a Service." },
      },
    ],
    domains: [
      { id: "workloads", title: "Workloads and Scheduling", weight: 15, tasks: 1, scoreCents: 200, maxCents: 400, underCovered: false },
      { id: "networking", title: "Services and Networking", weight: 20, tasks: 1, scoreCents: 0, maxCents: 600, underCovered: false },
      { id: "storage", title: "Storage", weight: 10, tasks: 0, scoreCents: 0, maxCents: 0, underCovered: true },
    ],
    ...overrides,
  };
}
