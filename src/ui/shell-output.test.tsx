// The TUI's terminal prints a line's output in the order it was written (issue 7), as a
// terminal does: the error of the first command above what the second printed; `watch`
// keeps running on the virtual clock until Ctrl-C.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "ink-testing-library";
import { Session } from "../shell/session.js";
import { App } from "./App.js";
import { KEYS, fakeServices, press, typeLine, waitFor, waitForScreen } from "./testSupport.js";

afterEach(() => cleanup());
const session = new Session({});

describe("the TUI terminal's output", () => {
  it("shows stderr and stdout of one line in the order written", async () => {
    const { stdin, lastFrame } = render(<App services={fakeServices({ session: () => session })} initialScreen={{ name: "sandbox" }} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubectl get pods/nope; echo after");
    await waitFor(() => expect(lastFrame()).toMatch(/^after$/m));
    expect(lastFrame()).toMatch(/pods "nope" not found\n(.*\n)?after/);
  });

  it("watch shows its screen and runs until Ctrl-C, without script mode's note", async () => {
    const { stdin, lastFrame } = render(<App services={fakeServices({ session: () => session })} initialScreen={{ name: "sandbox" }} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "watch -n 1 kubectl get nodes");
    await waitFor(() => expect(lastFrame()).toMatch(/Every 1\.0s: kubectl get nodes/));
    await waitFor(() => expect(lastFrame()).toContain("running…"));
    expect(lastFrame()).not.toContain("runs the command once");
    await press(stdin, KEYS.ctrlC);
    await waitFor(() => expect(lastFrame()).not.toContain("running…"));
    expect(lastFrame()).toContain("^C");
  });
});
