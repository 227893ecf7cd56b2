// The trainer end to end inside Ink, with fake services: navigation, the lesson reader, an
// exercise checked and recorded, the help overlay, and an 80×24 terminal (the VT100 size
// that kadet must fit) including a resize.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "ink-testing-library";
import { App } from "./App.js";
import { FakeSession, KEYS, MIXED_VERDICT, fakeServices, press, settle, settleKeys, typeLine, waitFor, waitForScreen } from "./testSupport.js";

afterEach(() => cleanup());

type Stdout = ReturnType<typeof render>["stdout"];

/** Makes the test stdout report a size and tells Ink it changed, as a terminal does on SIGWINCH. */
function resize(stdout: Stdout, columns: number, rows: number): void {
  Object.defineProperty(stdout, "columns", { configurable: true, get: () => columns });
  Object.defineProperty(stdout, "rows", { configurable: true, get: () => rows });
  stdout.emit("resize");
}

function frameRows(frame: string | undefined): string[] {
  return (frame ?? "").split("\n");
}

describe("Home", () => {
  it("shows the title, the menu and progress warnings", async () => {
    const { lastFrame } = render(<App services={fakeServices({ warnings: ["could not read progress file /x/progress.json: bad JSON"] })} />);
    await settle();
    const frame = lastFrame()!;
    expect(frame).toContain("kadet");
    for (const item of ["Lessons", "Practice", "Sandbox", "Progress", "Quit"]) expect(frame).toContain(item);
    expect(frame).toContain("! could not read progress file /x/progress.json: bad JSON");
  });

  it("moves with arrows and j/k and opens the selection with Enter", async () => {
    const { stdin, lastFrame } = render(<App services={fakeServices()} />);
    await waitForScreen({ lastFrame }, "❯ Lessons");
    await press(stdin, KEYS.down);
    await waitFor(() => expect(lastFrame()).toContain("❯ Practice"));
    await press(stdin, "j", "k");
    await waitFor(() => expect(lastFrame()).toContain("❯ Practice"));
    await press(stdin, KEYS.enter);
    await waitForScreen({ lastFrame }, "kadet › Practice");
    const frame = lastFrame()!;
    expect(frame).toContain("Run your first pod");
    expect(frame).toMatch(/easy\s+3 min\s+10 pts/);
    await press(stdin, KEYS.escape);
    await waitFor(() => expect(lastFrame()).toContain("❯ Practice"));
  });

  it("quits with q", async () => {
    let quit = false;
    const { stdin, lastFrame } = render(<App services={fakeServices()} onQuit={() => (quit = true)} />);
    await waitForScreen({ lastFrame }, "❯ Lessons");
    await press(stdin, "q");
    await waitFor(() => expect(quit).toBe(true));
  });
});

describe("Lesson reader", () => {
  it("scrolls with the arrows, PgDn and space, and marks the lesson read only once its last page is shown", async () => {
    const services = fakeServices();
    const { stdin, lastFrame } = render(<App services={services} initialScreen={{ name: "lesson", lessonId: "pods-basics" }} />);
    await waitForScreen({ lastFrame }, "Paragraph 1 about pods.");
    await settle();
    // Opening a long lesson is not reading it (issue 7).
    expect(services.progress.read).toEqual([]);
    await press(stdin, KEYS.down, KEYS.down);
    await waitFor(() => expect(lastFrame()).not.toContain("Paragraph 1 about pods."));
    await waitFor(() => expect(lastFrame()).toContain("Paragraph 2 about pods."));
    await press(stdin, KEYS.pageDown, " ");
    await waitFor(() => expect(lastFrame()).not.toContain("Paragraph 2 about pods."));
    await press(stdin, KEYS.pageUp, KEYS.pageUp, KEYS.pageUp);
    await waitFor(() => expect(lastFrame()).toContain("Paragraph 1 about pods."));
    expect(services.progress.read).toEqual([]);
    await press(stdin, "G");
    await waitFor(() => expect(lastFrame()).toContain("Paragraph 60 about pods."));
    await waitFor(() => expect(services.progress.read).toEqual(["pods-basics"]));
    // Seen once is enough: scrolling back up and down again records nothing more.
    await press(stdin, "g", "G");
    await settle();
    expect(services.progress.read).toEqual(["pods-basics"]);
  });

  it("goes to the next lesson with n and to the lesson's exercise with e", async () => {
    const services = fakeServices();
    const { stdin, lastFrame } = render(<App services={services} initialScreen={{ name: "lesson", lessonId: "pods-basics" }} />);
    await waitForScreen({ lastFrame }, "Paragraph 1 about pods.");
    await press(stdin, "n");
    await waitForScreen({ lastFrame }, "kadet › Deployments");
    // The short lesson fits on one page, so showing it is reading it; the long one was left unread.
    await waitFor(() => expect(services.progress.read).toEqual(["deploy-basics"]));
    await press(stdin, KEYS.escape);
    await waitForScreen({ lastFrame }, "kadet › Lessons");
    await press(stdin, KEYS.up, KEYS.enter);
    await waitForScreen({ lastFrame }, "Paragraph 1 about pods.");
    await press(stdin, "e");
    await waitFor(() => expect(lastFrame()).toContain("kadet › Run your first pod"));
    await waitFor(() => expect(services.prepared).toEqual(["pods-run-nginx"]));
  });
});

describe("Exercise screen", () => {
  it("runs commands, grades with check, shows the verdict and records the attempt", async () => {
    const services = fakeServices({ verdict: MIXED_VERDICT });
    const { stdin, lastFrame } = render(<App services={services} initialScreen={{ name: "exercise", exerciseId: "pods-run-nginx", from: { name: "home" } }} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await waitFor(() => expect(lastFrame()).toContain("Create a pod named web"));
    await typeLine({ stdin, lastFrame }, "kubectl run web --image=nginx:1.27");
    await waitFor(() => expect(lastFrame()).toContain("pod/web created"));
    await typeLine({ stdin, lastFrame }, "check");
    await waitFor(() => expect(lastFrame()).toContain("✗ Pod web runs nginx:1.27"));
    expect(lastFrame()).toContain("observed: nginx:1.25");
    await waitFor(() => expect(services.progress.attempts.map((a) => a.exerciseId)).toEqual(["pods-run-nginx"]));
    await waitFor(() => expect(services.progress.attempts[0]!.commands).toEqual(["kubectl run web --image=nginx:1.27"]));
  });

  it("grades on F5, reveals hints on F2 and shows the solution only after y", async () => {
    const services = fakeServices();
    const { stdin, lastFrame } = render(<App services={services} initialScreen={{ name: "exercise", exerciseId: "pods-run-nginx", from: { name: "home" } }} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await press(stdin, KEYS.f5);
    await waitFor(() => expect(services.graded).toBe(1));
    await waitForScreen({ lastFrame }, "✓ Passed: 10/10 points");
    await press(stdin, KEYS.f2);
    await waitFor(() => expect(lastFrame()).toContain("Hint 1."));
    await waitFor(() => expect(lastFrame()).not.toContain("Hint 2."));
    await typeLine({ stdin, lastFrame }, "hint");
    await waitForScreen({ lastFrame }, "Hint 2.");
    await press(stdin, KEYS.f3);
    await waitForScreen({ lastFrame }, "Show the solution? (y/n)");
    await press(stdin, "n");
    await waitFor(() => expect(lastFrame()).not.toContain("kubectl run web --image=nginx:1.27"));
    await typeLine({ stdin, lastFrame }, "solution");
    await waitForScreen({ lastFrame }, "Show the solution? (y/n)");
    await press(stdin, "y");
    await waitFor(() => expect(lastFrame()).toContain("kubectl run web --image=nginx:1.27"));
    // The next check's record says what was revealed (the attempt keeps count, not the screen).
    await press(stdin, KEYS.f5);
    await waitFor(() => expect(services.progress.attempts).toHaveLength(2));
    expect(services.progress.attempts.map((a) => [a.hintsUsed, a.solutionViewed])).toEqual([
      [0, false],
      [2, true],
    ]);
  });

  it("acts on F2 pressed while the attempt is still being saved", async () => {
    const services = fakeServices();
    let finishSaving = (): void => {};
    const record = services.progress.recordAttempt;
    services.progress.recordAttempt = (...args) =>
      new Promise((resolve) => {
        finishSaving = () => resolve(record(...args));
      });
    const { stdin, lastFrame } = render(<App services={services} initialScreen={{ name: "exercise", exerciseId: "pods-run-nginx", from: { name: "home" } }} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await press(stdin, KEYS.f5);
    await waitFor(() => expect(lastFrame()).toContain("✓ Passed: 10/10 points"));
    await press(stdin, KEYS.f2);
    await waitFor(() => expect(lastFrame()).toContain("Hint 1."));
    finishSaving();
    await waitFor(() => expect(services.progress.attempts).toHaveLength(1));
  });

  it("asks before reset and rebuilds the world when confirmed", async () => {
    const services = fakeServices();
    const { stdin, lastFrame } = render(<App services={services} initialScreen={{ name: "exercise", exerciseId: "pods-run-nginx", from: { name: "home" } }} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "reset");
    await waitForScreen({ lastFrame }, "Rebuild this exercise's world");
    await press(stdin, "y");
    await waitFor(() => expect(services.prepared).toEqual(["pods-run-nginx", "pods-run-nginx"]));
  });

  it("keeps the world and the half-typed line when the learner leaves with Ctrl+X q and comes back (issue 7)", async () => {
    const services = fakeServices();
    const { stdin, lastFrame } = render(<App services={services} initialScreen={{ name: "practice" }} />);
    await waitForScreen({ lastFrame }, "kadet › Practice");
    await press(stdin, KEYS.enter);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubectl run web --image=nginx:1.27");
    await waitForScreen({ lastFrame }, "pod/web created");
    // Esc is readline's meta prefix: it must neither leave nor drop the line.
    await typeLine({ stdin, lastFrame }, "kubectl get po", false);
    await press(stdin, KEYS.escape);
    await waitFor(() => expect(lastFrame()).toContain("controlplane:~$ kubectl get po"));
    await press(stdin, KEYS.ctrlX, "q");
    await waitForScreen({ lastFrame }, "kadet › Practice");
    await press(stdin, KEYS.enter);
    await waitFor(() => expect(lastFrame()).toContain("pod/web created"));
    await waitFor(() => expect(lastFrame()).toContain("controlplane:~$ kubectl get po"));
    await waitFor(() => expect(services.prepared).toEqual(["pods-run-nginx"]));
  });
});

describe("Keys that belong to the trainer vs the shell (issue 7)", () => {
  const exercise = { name: "exercise", exerciseId: "pods-run-nginx", from: { name: "home" } } as const;

  it("a y/n question takes only its own keys: a command typed over it closes it unanswered and reaches the line", async () => {
    const services = fakeServices();
    const { stdin, lastFrame } = render(<App services={services} initialScreen={exercise} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "reset");
    await waitForScreen({ lastFrame }, "Rebuild this exercise's world");
    // "yaml" has a y: it must not confirm the reset.
    await press(stdin, "k");
    await waitFor(() => expect(lastFrame()).not.toContain("Rebuild this exercise's world"));
    await typeLine({ stdin, lastFrame }, "ubectl get po -o yaml");
    await waitFor(() => expect(lastFrame()).toContain("controlplane:~$ kubectl get po -o yaml"));
    expect(services.prepared).toEqual(["pods-run-nginx"]);
  });

  it("Tab never moves focus: the keys typed after it stay on the line", async () => {
    const services = fakeServices();
    const { stdin, lastFrame } = render(<App services={services} initialScreen={exercise} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await press(stdin, "k", "u", KEYS.tab, "b", "e");
    await waitFor(() => expect(lastFrame()).toContain("controlplane:~$ kube"));
  });

  it("Ctrl+X then a letter is a trainer action and is shown while pending; F6 scrolls the task, Esc returns", async () => {
    const services = fakeServices();
    const { stdin, lastFrame } = render(<App services={services} initialScreen={exercise} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await press(stdin, KEYS.ctrlX);
    await waitFor(() => expect(lastFrame()).toContain("Ctrl+X: c check"));
    await press(stdin, "c");
    await waitFor(() => expect(services.graded).toBe(1));
    await press(stdin, "\u001b[17~");
    await waitFor(() => expect(lastFrame()).toContain("Esc back to the prompt"));
    await press(stdin, KEYS.escape, "x");
    await waitFor(() => expect(lastFrame()).toContain("controlplane:~$ x"));
  });

  it("renders the task's Markdown (no raw backticks or **) and scrolls its wide code rows sideways with F6 then →", async () => {
    const services = fakeServices();
    const wide = "kubectl create deployment web --image=nginx:1.27 --replicas=3 --port=80 --dry-run=client -o yaml > web-deployment.yaml";
    services.exercises = [{ ...services.exercises[0]!, task: `Create a **pod** named \`web\`, then run:\n\n\`\`\`sh\n${wide}\n\`\`\`` }];
    const { stdin, lastFrame } = render(<App services={services} initialScreen={exercise} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    const frame = lastFrame()!;
    expect(frame).toContain("Create a pod named web, then run:");
    expect(frame).not.toContain("`");
    expect(frame).not.toContain("**");
    expect(frame).toContain("»");
    expect(frame).not.toContain("web-deployment.yaml");
    await press(stdin, "\u001b[17~");
    await waitFor(() => expect(lastFrame()).toContain("Esc back to the prompt"));
    await press(stdin, ...Array.from({ length: 8 }, () => KEYS.right));
    await waitFor(() => expect(lastFrame()).toContain("web-deployment.yaml"));
    expect(lastFrame()).toContain("«");
  });

  it("Ctrl+C cancels the line, never quits; quitting mid-exercise asks first", async () => {
    let quit = false;
    const services = fakeServices();
    const { stdin, lastFrame } = render(<App services={services} initialScreen={exercise} onQuit={() => (quit = true)} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubectl get po", false);
    await press(stdin, KEYS.ctrlC);
    await waitFor(() => expect(lastFrame()).toContain("kubectl get po^C"));
    expect(quit).toBe(false);
    await press(stdin, KEYS.ctrlX, KEYS.ctrlC);
    await waitForScreen({ lastFrame }, "Quit kadet?");
    await press(stdin, "n");
    await waitFor(() => expect(lastFrame()).not.toContain("Quit kadet?"));
    expect(quit).toBe(false);
    await press(stdin, KEYS.ctrlX, "q");
    await waitForScreen({ lastFrame }, "❯ Lessons");
    await press(stdin, KEYS.ctrlC);
    await waitForScreen({ lastFrame }, "Quit kadet?");
    await press(stdin, "y");
    await waitFor(() => expect(quit).toBe(true));
  });
});

describe("Sandbox", () => {
  it("runs commands on a fresh world", async () => {
    const { stdin, lastFrame } = render(<App services={fakeServices()} initialScreen={{ name: "sandbox" }} />);
    await settle();
    await typeLine({ stdin, lastFrame }, "kubectl get nodes");
    await waitFor(() => expect(lastFrame()).toContain("controlplane   Ready    control-plane"));
  });
});

describe("Help overlay", () => {
  it("opens with ? on home, lists that screen's keys and closes with Esc", async () => {
    const { stdin, lastFrame } = render(<App services={fakeServices()} />);
    await waitForScreen({ lastFrame }, "❯ Lessons");
    await press(stdin, "?");
    await waitForScreen({ lastFrame }, "Keys: Home");
    await waitFor(() => expect(lastFrame()).toContain("quit"));
    await press(stdin, KEYS.escape);
    await waitFor(() => expect(lastFrame()).not.toContain("Keys: Home"));
    await waitFor(() => expect(lastFrame()).toContain("❯ Lessons"));
  });

  it("opens from the exercise prompt with F1 and keeps the scrollback", async () => {
    const { stdin, lastFrame } = render(<App services={fakeServices()} initialScreen={{ name: "exercise", exerciseId: "pods-run-nginx", from: { name: "home" } }} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubectl run web --image=nginx:1.27");
    // The output must be on screen before the overlay opens, or there is no scrollback to keep.
    await waitFor(() => expect(lastFrame()).toContain("pod/web created"));
    await press(stdin, KEYS.f1);
    await waitForScreen({ lastFrame }, "Keys: Exercise");
    await waitFor(() => expect(lastFrame()).toContain("F5  ^X c  check"));
    await press(stdin, KEYS.escape);
    await waitFor(() => expect(lastFrame()).toContain("pod/web created"));
  });
});

describe("80×24", () => {
  it("fits the exercise screen: title, task, prompt and footer all visible, no row wider than 80", async () => {
    const services = fakeServices();
    const { stdin, stdout, lastFrame } = render(<App services={services} initialScreen={{ name: "exercise", exerciseId: "pods-run-nginx", from: { name: "home" } }} />);
    resize(stdout, 80, 24);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubectl run web --image=nginx:1.27");
    await waitFor(() => expect(lastFrame()).toContain("pod/web created"));
    const rows = frameRows(lastFrame());
    expect(rows.length).toBeLessThanOrEqual(24);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(80);
    const frame = rows.join("\n");
    expect(frame).toContain("kadet › Run your first pod");
    expect(frame).toContain("Create a pod named web");
    expect(frame).toContain("controlplane:~$");
    expect(frame).toContain("F5 check");
  });

  it("keeps long output inside the terminal pane and re-lays out on resize", async () => {
    const many = Array.from({ length: 200 }, (_, i) => `line-${i} ${"y".repeat(150)}`).join("\n") + "\n";
    const services = fakeServices({ session: () => new FakeSession({ flood: { stdout: many } }) });
    const { stdin, stdout, lastFrame } = render(<App services={services} initialScreen={{ name: "sandbox" }} />);
    resize(stdout, 80, 24);
    await settle();
    await typeLine({ stdin, lastFrame }, "flood");
    await waitFor(() => expect(lastFrame()).toContain("line-199"));
    let rows = frameRows(lastFrame());
    expect(rows.length).toBeLessThanOrEqual(24);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(80);
    await waitFor(() => expect(lastFrame()).toContain("controlplane:~$"));
    resize(stdout, 120, 40);
    await waitFor(() => expect(frameRows(lastFrame()).length).toBeGreaterThan(24));
    rows = frameRows(lastFrame());
    expect(rows.length).toBeGreaterThan(24);
    expect(rows.some((row) => row.length > 80)).toBe(true);
    await waitFor(() => expect(lastFrame()).toContain("line-199"));
  });

  it("fits every menu screen at 80×24", async () => {
    for (const screen of [{ name: "home" }, { name: "lessons" }, { name: "practice" }, { name: "progress" }] as const) {
      const { stdout, lastFrame, unmount } = render(<App services={fakeServices({ warnings: ["w".repeat(200)] })} initialScreen={screen} />);
      resize(stdout, 80, 24);
      await waitFor(() => expect(Math.max(...frameRows(lastFrame()).map((row) => row.length))).toBeLessThanOrEqual(80));
      const rows = frameRows(lastFrame());
      expect(rows.length).toBeLessThanOrEqual(24);
      for (const row of rows) expect(row.length).toBeLessThanOrEqual(80);
      unmount();
    }
  });
});
