/**
 * Helpers for the UI tests: key sequences as a terminal sends them, a way to let Ink process
 * input, fake shell sessions and fake trainer services.
 */
import type { CommandOutput, ExerciseAttempt, ExerciseEntry, LessonEntry, ProgressOverview, ProgressPort, ShellSession, TrainerServices, VerdictView } from "./ports.js";

/** Byte sequences an xterm-compatible terminal (and tmux) sends for these keys. */
export const KEYS = {
  enter: "\r",
  escape: "\u001b",
  up: "\u001b[A",
  down: "\u001b[B",
  right: "\u001b[C",
  left: "\u001b[D",
  pageUp: "\u001b[5~",
  pageDown: "\u001b[6~",
  tab: "\t",
  ctrlL: "\u000c",
  ctrlX: "\u0018",
  ctrlC: "\u0003",
  f1: "\u001bOP",
  f2: "\u001bOQ",
  f3: "\u001bOR",
  f4: "\u001bOS",
  f5: "\u001b[15~",
} as const;

/** Lets React and Ink handle pending input and state updates. */
export async function settle(ms = 50): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A screen listens for keys from an effect that React runs after the frame is drawn; on a
 * loaded machine that can lag the frame. Call this after a new screen or overlay appears and
 * before pressing its keys: the moment a person takes to read it.
 */
export async function settleKeys(): Promise<void> {
  await settle(300);
}

interface Writable {
  write(data: string): void;
}

/** Waits until the frame shows `text` (a screen, an overlay, a prompt), then until it listens for keys. */
export async function waitForScreen(app: { lastFrame(): string | undefined }, text: string): Promise<void> {
  await waitFor(() => {
    if (!(app.lastFrame() ?? "").includes(text)) throw new Error(`the screen never showed "${text}":\n${app.lastFrame() ?? ""}`);
  });
  await settleKeys();
}

/** Sends keys one at a time, settling after each, as a person typing would. */
export async function press(stdin: Writable, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    await settle();
  }
}

/** Retries `check` until it stops throwing, for what Ink draws after promises and effects settle. */
export async function waitFor(check: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await settle(20);
    }
  }
}

interface Rendered {
  stdin: Writable;
  lastFrame(): string | undefined;
}

/**
 * Pastes a line at the prompt, waits until the prompt shows it (ink-text-input re-subscribes
 * its key handler after each render, and a person never types faster than that), then Enter.
 */
export async function typeLine(app: Rendered, line: string, submit = true): Promise<void> {
  // The prompt may have just come back after a command, with its key handler not yet subscribed.
  await settleKeys();
  app.stdin.write(line);
  const lastLine = line.split("\n").at(-1)!;
  await waitFor(() => {
    if (!(app.lastFrame() ?? "").includes(lastLine)) throw new Error(`the prompt never showed "${lastLine}"`);
  });
  await settle();
  if (submit) await press(app.stdin, KEYS.enter);
}

/** A session that answers from a table and records what it ran. */
export class FakeSession implements ShellSession {
  readonly history: string[] = [];
  constructor(private readonly answers: Record<string, Partial<CommandOutput> | Error> = {}) {}
  async run(line: string): Promise<CommandOutput> {
    this.history.push(line);
    const answer = this.answers[line];
    if (answer instanceof Error) throw answer;
    if (answer === undefined) return { stdout: "", stderr: `bash: ${line.split(" ")[0]}: command not found\n`, exitCode: 127 };
    return { stdout: answer.stdout ?? "", stderr: answer.stderr ?? "", exitCode: answer.exitCode ?? 0 };
  }
  presetName(): string {
    return "default";
  }
}

export const SAMPLE_LESSONS: LessonEntry[] = [
  {
    id: "pods-basics",
    title: "Pods, the smallest unit",
    topic: "pods",
    order: 10,
    exercises: ["pods-run-nginx"],
    body: Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} about pods.`).join("\n\n"),
  },
  { id: "deploy-basics", title: "Deployments", topic: "deployments", order: 20, exercises: [], body: "# Deployments\n\nA Deployment manages ReplicaSets." },
];

export const SAMPLE_EXERCISES: ExerciseEntry[] = [
  {
    id: "pods-run-nginx",
    title: "Run your first pod",
    topics: ["pods"],
    difficulty: "easy",
    minutes: 3,
    points: 10,
    task: "Create a pod named `web` in namespace `default` running the image `nginx:1.27`.",
    hints: ["Look at `kubectl run --help`.", "`kubectl run web --image=...`"],
    solution: { commands: ["kubectl run web --image=nginx:1.27"] },
    explanation: "`kubectl run` creates a single pod.",
  },
  {
    id: "deploy-scale",
    title: "Scale a deployment",
    topics: ["deployments"],
    difficulty: "medium",
    minutes: 4,
    points: 20,
    task: "Scale deployment `web` to 3 replicas.",
    hints: [],
    solution: { commands: ["kubectl scale deploy web --replicas=3"] },
  },
];

export const PASSING_VERDICT: VerdictView = {
  checks: [{ id: "pod-image", description: "Pod web runs nginx:1.27", status: "pass", points: 10 }],
  score: 10,
  maxScore: 10,
  passed: true,
};

export const MIXED_VERDICT: VerdictView = {
  checks: [
    { id: "pod-exists", description: "Pod web exists", status: "pass", points: 4 },
    {
      id: "pod-image",
      description: "Pod web runs nginx:1.27",
      status: "fail",
      observed: "nginx:1.25",
      expected: "nginx:1.27",
      message: "the pod runs nginx:1.25",
      points: 4,
    },
    { id: "bad-path", description: "Status is read", status: "error", message: "bad JSONPath {.status.", points: 2 },
  ],
  score: 4,
  maxScore: 10,
  passed: false,
};

export interface FakeProgress extends ProgressPort {
  attempts: { exerciseId: string; verdict: VerdictView; commands: readonly string[]; hintsUsed: number; solutionViewed: boolean }[];
  read: string[];
  /** Where a FakeAttempt's record() lands; a test may replace it (to hold a save back). */
  recordAttempt(attempt: FakeProgress["attempts"][number]): Promise<string | undefined>;
}

export function fakeProgress(overview: Partial<ProgressOverview> = {}): FakeProgress {
  const attempts: FakeProgress["attempts"] = [];
  const read: string[] = [];
  return {
    attempts,
    read,
    exerciseStatus: (id) => {
      const mine = attempts.filter((a) => a.exerciseId === id);
      if (mine.length === 0) return undefined;
      return { bestScore: Math.max(...mine.map((a) => a.verdict.score)), completed: mine.some((a) => a.verdict.passed) };
    },
    lessonRead: (id) => read.includes(id),
    markLessonRead: async (id) => {
      read.push(id);
      return undefined;
    },
    recordAttempt: async (attempt) => {
      attempts.push(attempt);
      return undefined;
    },
    overview: () => ({
      lessonsRead: read.length,
      exercisesAttempted: new Set(attempts.map((a) => a.exerciseId)).size,
      exercisesCompleted: new Set(attempts.filter((a) => a.verdict.passed).map((a) => a.exerciseId)).size,
      points: 0,
      byTopic: {},
      dueForReview: [],
      pointsAvailable: 30,
      topicPointsAvailable: { pods: 10, deployments: 20 },
      ...overview,
    }),
  };
}

/** An attempt on a FakeSession: `check` answers with a fixed verdict, `record` goes to the fake progress. */
export class FakeAttempt implements ExerciseAttempt {
  hintsTaken = 0;
  private solutionViewed = false;
  private verdict: VerdictView | undefined;
  constructor(
    private session: ShellSession,
    private readonly exercise: ExerciseEntry,
    private readonly hooks: { newSession: () => ShellSession; grade: () => VerdictView; progress: FakeProgress; onReset: () => void },
  ) {}
  get history(): readonly string[] {
    return this.session.history;
  }
  run(line: string): Promise<CommandOutput> {
    return this.session.run(line);
  }
  presetName(): string {
    return this.session.presetName();
  }
  async check(): Promise<VerdictView> {
    this.verdict = this.hooks.grade();
    return this.verdict;
  }
  async record(): Promise<string | undefined> {
    if (this.verdict === undefined) throw new Error("record() before check()");
    return this.hooks.progress.recordAttempt({
      exerciseId: this.exercise.id,
      verdict: this.verdict,
      commands: [...this.history],
      hintsUsed: this.hintsTaken,
      solutionViewed: this.solutionViewed,
    });
  }
  takeHint(): number {
    this.hintsTaken = Math.min(this.exercise.hints.length, this.hintsTaken + 1);
    return this.hintsTaken;
  }
  showSolution(): void {
    this.solutionViewed = true;
  }
  async reset(): Promise<void> {
    this.hooks.onReset();
    this.session = this.hooks.newSession();
  }
}

export interface FakeServicesOptions {
  verdict?: VerdictView;
  warnings?: string[];
  session?: () => ShellSession;
}

export function fakeServices(options: FakeServicesOptions = {}): TrainerServices & { progress: FakeProgress; prepared: string[]; graded: number } {
  const prepared: string[] = [];
  const services = {
    lessons: SAMPLE_LESSONS,
    exercises: SAMPLE_EXERCISES,
    topics: ["pods", "deployments"],
    progress: fakeProgress(),
    warnings: options.warnings ?? [],
    prepared,
    graded: 0,
    newSandbox: () => (options.session ?? (() => new FakeSession({ "kubectl get nodes": { stdout: "NAME           STATUS   ROLES           AGE   VERSION\ncontrolplane   Ready    control-plane   10m   v1.32.0\n" } })))(),
    workspaceFor: async (id: string) => `/tmp/kadet-test/workspaces/${id}`,
    startAttempt: async (exercise: ExerciseEntry): Promise<FakeAttempt> => {
      const newSession = options.session ?? (() => new FakeSession({ "kubectl run web --image=nginx:1.27": { stdout: "pod/web created\n" } }));
      prepared.push(exercise.id);
      return new FakeAttempt(newSession(), exercise, {
        newSession,
        progress: services.progress,
        onReset: () => prepared.push(exercise.id),
        grade: () => {
          services.graded++;
          return options.verdict ?? PASSING_VERDICT;
        },
      });
    },
  };
  return services;
}
