// Ctrl-C interrupts a running follow command in the TUI as in bash (issue 7): `sleep`,
// `kubectl get -w` and `logs -f` run on the virtual clock (a virtual second per
// FOLLOW_TICK_MS of real time), print as they go, and Ctrl-C prints ^C and brings the prompt back.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "ink-testing-library";
import { Session } from "../shell/session.js";
import { App } from "./App.js";
import { KEYS, fakeServices, press, settle, typeLine, waitFor, waitForScreen } from "./testSupport.js";

afterEach(() => cleanup());

function sandbox() {
  const session = new Session({});
  const app = render(<App services={fakeServices({ session: () => session })} initialScreen={{ name: "sandbox" }} />);
  return { session, ...app };
}

const clockOf = async (session: Session) => Date.parse((await session.run("sim clock")).stdout.trim());

describe("follow commands in the TUI", () => {
  it("sleep runs on the virtual clock until Ctrl-C, which prints ^C and gives the prompt back", async () => {
    const { session, stdin, lastFrame } = sandbox();
    await waitForScreen({ lastFrame }, "controlplane:~$");
    const before = await clockOf(session);
    await typeLine({ stdin, lastFrame }, "sleep 1000");
    await waitFor(() => expect(lastFrame()).toContain("running…"));
    await settle(400);
    expect(lastFrame()).toContain("running…");
    await press(stdin, KEYS.ctrlC);
    await waitFor(() => expect(lastFrame()).toMatch(/\^C\s*\n.*controlplane:~\$/));
    expect(lastFrame()).not.toContain("running…");
    const passed = (await clockOf(session)) - before;
    // Some virtual time passed while it "ran", far less than the 1000 s asked for.
    expect(passed).toBeGreaterThan(0);
    expect(passed).toBeLessThan(1000 * 1000);
    await typeLine({ stdin, lastFrame }, "echo back");
    await waitFor(() => expect(lastFrame()).toMatch(/^back$/m));
  });

  it("a short sleep ends by itself, as its seconds pass", async () => {
    const { session, stdin, lastFrame } = sandbox();
    await waitForScreen({ lastFrame }, "controlplane:~$");
    const before = await clockOf(session);
    await typeLine({ stdin, lastFrame }, "sleep 3");
    await waitFor(() => expect(lastFrame()).not.toContain("running…"));
    expect((await clockOf(session)) - before).toBeGreaterThanOrEqual(3000);
  });

  it("kubectl get pods -w shows the table and keeps watching until Ctrl-C", async () => {
    const { session, stdin, lastFrame } = sandbox();
    await session.run("kubectl run web --image=nginx:1.27");
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubectl get pods -w");
    await waitFor(() => expect(lastFrame()).toMatch(/web\s+1\/1\s+Running/));
    await settle(300);
    expect(lastFrame()).toContain("running…");
    expect(lastFrame()).not.toContain("not simulated");
    await press(stdin, KEYS.ctrlC);
    await waitFor(() => expect(lastFrame()).not.toContain("running…"));
    expect(lastFrame()).toContain("^C");
  });

  it("kubectl logs -f streams the container's log until Ctrl-C, which gives the prompt back", async () => {
    const { session, stdin, lastFrame } = sandbox();
    await session.run("kubectl run web --image=nginx:1.27");
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubectl logs -f web");
    await waitFor(() => expect(lastFrame()).toContain("running…"));
    expect(lastFrame()).not.toContain("not simulated");
    await press(stdin, KEYS.ctrlC);
    await waitFor(() => expect(lastFrame()).toMatch(/\^C\s*\n.*controlplane:~\$/));
    await typeLine({ stdin, lastFrame }, "echo back");
    await waitFor(() => expect(lastFrame()).toMatch(/^back$/m));
  });
});
