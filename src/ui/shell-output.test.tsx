// The TUI's terminal prints a line's output in the order it was written (issue 7), as a
// terminal does: the error of the first command above what the second printed.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "ink-testing-library";
import { Session } from "../shell/session.js";
import { App } from "./App.js";
import { fakeServices, typeLine, waitFor, waitForScreen } from "./testSupport.js";

afterEach(() => cleanup());

describe("the TUI terminal's output", () => {
  it("shows stderr and stdout of one line in the order written", async () => {
    const session = new Session({});
    const { stdin, lastFrame } = render(<App services={fakeServices({ session: () => session })} initialScreen={{ name: "sandbox" }} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubectl get pods/nope; echo after");
    await waitFor(() => expect(lastFrame()).toMatch(/^after$/m));
    expect(lastFrame()).toMatch(/pods "nope" not found\n(.*\n)?after/);
  });
});
