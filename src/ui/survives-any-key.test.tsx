// Issue 6, "The TUI survives any key": sequences that crashed Ink's useInput (Ctrl+F1–F4 are
// CSI 1;5 P..S, the device-status reports CSI 0/5/6 n: xterm ctlseqs), pastes longer than a
// pty read (4,095 bytes) and a seeded key fuzzer with resizes and 100 kB pastes.
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { render, cleanup } from "ink-testing-library";
import { App } from "./App.js";
import { FakeSession, fakeServices, KEYS, press, settle, settleKeys, typeLine, waitFor, waitForScreen } from "./testSupport.js";
import type { ShellSession } from "./ports.js";
import { Rng } from "../sim/core/random.js";
import { act } from "react";

// React's act() flushes renders and effects before it returns (react.dev/reference/react/act);
// the flag tells React a test drives it that way (set for the fuzzer only).
const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };

/** Waits, inside act(), until what earlier keys started (state updates, effects) is done. */
async function reactSettled(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setImmediate(resolve));
  });
}

/**
 * Retries `check` until it passes, letting React work inside act() between tries. Only the
 * session's own answer (a promise) is awaited this way; no try is a deadline for React. The
 * bound is the test's timeout, not a pause.
 */
async function waitInAct(check: () => void): Promise<void> {
  for (;;) {
    try {
      check();
      return;
    } catch {
      await act(async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
      });
    }
  }
}

afterEach(() => cleanup());

const CRASHERS = ["\u001b[1;5P", "\u001b[1;5Q", "\u001b[1;5R", "\u001b[1;5S", "\u001b[5n", "\u001b[6n", "\u001b[0n"];

/** A session that runs `echo X` as bash would and records every line. */
class EchoSession extends FakeSession {
  override async run(line: string) {
    this.history.push(line);
    const echo = /^echo (.*)$/s.exec(line);
    return echo ? { stdout: `${echo[1]}\n`, stderr: "", exitCode: 0 } : { stdout: "", stderr: "", exitCode: 0 };
  }
}

function sandbox(session: ShellSession) {
  return render(<App services={fakeServices({ session: () => session })} initialScreen={{ name: "sandbox" }} />);
}

describe("keys that crashed the trainer", () => {
  it("ignores Ctrl+F1–F4 and device-status reports on every screen and keeps the typed line", async () => {
    const session = new EchoSession();
    const { stdin, lastFrame } = sandbox(session);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "echo be", false);
    for (const sequence of CRASHERS) stdin.write(sequence);
    await settle();
    await typeLine({ stdin, lastFrame }, "fore");
    await waitFor(() => expect(session.history).toEqual(["echo before"]));
  });

  it("survives them on the home and list screens too", async () => {
    const { stdin, lastFrame } = render(<App services={fakeServices()} />);
    await waitForScreen({ lastFrame }, "❯ Lessons");
    for (const sequence of CRASHERS) stdin.write(sequence);
    await press(stdin, KEYS.down);
    await waitFor(() => expect(lastFrame()).toContain("❯ Practice"));
  });
});

describe("long pastes", () => {
  it("keeps a 10,000-character line whole when the terminal delivers it in 4,095-byte reads", async () => {
    const session = new EchoSession();
    const { stdin, lastFrame } = sandbox(session);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    const line = "echo " + "x".repeat(9_995);
    // A pty hands a paste over in reads of at most 4,095 bytes; they can all arrive before a re-render.
    for (let at = 0; at < line.length; at += 4095) stdin.write(line.slice(at, at + 4095));
    stdin.write("\r");
    await waitFor(() => expect(session.history).toEqual([line]));
  });

  it("inserts a bracketed paste at the cursor, whole", async () => {
    const session = new EchoSession();
    const { stdin, lastFrame } = sandbox(session);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    const body = "y".repeat(5_000);
    await typeLine({ stdin, lastFrame }, "echo ab", false);
    await press(stdin, "\u001b[D"); // between a and b
    stdin.write("\u001b[200~" + body.slice(0, 4095));
    stdin.write(body.slice(4095) + "\u001b[201~");
    await settle();
    stdin.write("\r");
    await waitFor(() => expect(session.history).toEqual([`echo a${body}b`]));
  });

  it("refuses a paste over the line limit with a message and inserts nothing", async () => {
    const session = new EchoSession();
    const { stdin, lastFrame } = sandbox(session);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    stdin.write("\u001b[200~" + "z".repeat(1_100_000) + "\u001b[201~");
    await waitFor(() => expect(lastFrame()).toContain("kadet: paste refused: 1100000 characters is over the limit"));
    await typeLine({ stdin, lastFrame }, "echo after");
    await waitFor(() => expect(session.history).toEqual(["echo after"]));
  });
});

/** A seeded generator, so a failing run can be replayed from its seed. */
function generator(seed: number): () => number {
  // The model's mulberry32, so the test and the model share one generator.
  const rng = new Rng(seed);
  return () => rng.next();
}

const NAMED = [
  ...Object.values(KEYS).filter((k) => k !== KEYS.ctrlX),
  "\u001b[H", "\u001b[F", "\u001b[3~", "\u001b[2~", "\u001b[1;5C", "\u001b[1;3D", "\u001bb", "\u001bf", "\u001bd", "\u001b\u007f", "\u001by", "\u001b.",
  "\u0001", "\u0002", "\u0005", "\u0006", "\u0007", "\u000b", "\u000e", "\u0010", "\u0012", "\u0014", "\u0015", "\u0017", "\u0019", "\u007f",
  "\u001b[17~", "\u001b[24;5~", "\u001b[Z", ...CRASHERS,
];

function randomKey(random: () => number): string {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const roll = random();
  if (roll < 0.45) return pick(NAMED);
  if (roll < 0.65) return pick(["a", "k", "ls", "kubectl get pods", "'", '"', "\\", "$(", "!!", "!$", "é", "😀", " ", "<<EOF"]);
  if (roll < 0.85) {
    // A raw CSI or SS3 sequence with random parameters and final byte (never a paste start).
    const params = Array.from({ length: Math.floor(random() * 3) }, () => String(Math.floor(random() * 300))).join(";");
    const final = String.fromCharCode(0x40 + Math.floor(random() * 0x3f));
    const sequence = random() < 0.8 ? `\u001b[${params}${final}` : `\u001bO${final}`;
    return sequence === "\u001b[200~" ? "\u001b[0n" : sequence;
  }
  // Random bytes, control characters included, but not the two that leave the screen by
  // design: Ctrl+X (the trainer's prefix) and Ctrl+D (exit on an empty line, tested apart).
  return Array.from({ length: 1 + Math.floor(random() * 6) }, () => {
    const code = Math.floor(random() * 0x80);
    return code === 0x18 || code === 0x04 || code === 0x1b ? "a" : String.fromCharCode(code);
  }).join("");
}

describe("key fuzzer", () => {
  const seed = Number(process.env.KADET_FUZZ_SEED ?? 20261203);
  it(`no key sequence crashes the sandbox or loses the line typed after it (seed ${seed})`, async () => {
    actEnvironment.IS_REACT_ACT_ENVIRONMENT = true;
    onTestFinished(() => {
      actEnvironment.IS_REACT_ACT_ENVIRONMENT = false;
    });
    const random = generator(seed);
    const session = new EchoSession();
    const services = fakeServices({ session: () => session });
    const { stdin, stdout, lastFrame } = await act(async () => render(<App services={services} initialScreen={{ name: "sandbox" }} />));
    const resize = (columns: number, rows: number): void => {
      Object.defineProperty(stdout, "columns", { configurable: true, get: () => columns });
      Object.defineProperty(stdout, "rows", { configurable: true, get: () => rows });
      stdout.emit("resize");
    };
    /** Keys (or a resize) inside act(): it returns once React has committed what they caused and run its effects. */
    const send = (write: () => void) => act(async () => void write());
    await waitInAct(() => expect(lastFrame()).toContain("controlplane:~$"));
    const rounds = 12;
    for (let round = 0; round < rounds; round++) {
      const burst = Array.from({ length: 40 }, () => randomKey(random));
      await send(() => {
        for (const key of burst) stdin.write(key);
      });
      if (round % 3 === 0) await send(() => resize(1 + Math.floor(random() * 300), 1 + Math.floor(random() * 100)));
      if (round === 4) await send(() => resize(1, 1));
      // Ctrl+C twice: closes the help overlay (F1) if the burst opened it, then cancels the
      // line. A person's pause between them: a key that arrives before React re-renders after
      // a focus change (F1 opening the help) still goes to the previous owner (see README).
      // That pause is React's own here, not a fixed time: act() returns once every update
      // the keys caused is committed and its effects (the new owner's key listener) have run,
      // however loaded the machine is.
      await reactSettled();
      await send(() => stdin.write(KEYS.ctrlC));
      await send(() => stdin.write(KEYS.ctrlC));
      const marker = round % 4 === 1 ? "M" + "p".repeat(100_000) : `marker-${round}`;
      if (marker.length > 1000) await send(() => stdin.write(`echo \u001b[200~${marker}\u001b[201~\r`));
      else await send(() => stdin.write(`echo ${marker}\r`));
      await waitInAct(() => expect(session.history.at(-1)).toBe(`echo ${marker}`)).catch((error: unknown) => {
        throw new Error(`round ${round} after ${JSON.stringify(burst)}: ${(error as Error).message}\n${(lastFrame() ?? "").split("\n").slice(-6).join("\n")}`);
      });
    }
    await send(() => resize(120, 40));
    await waitInAct(() => expect(lastFrame()).toContain("marker-11"));
  }, 120_000);
});
