// A render fault stays inside its panel (React error boundaries:
// https://react.dev/reference/react/Component#catching-rendering-errors-with-an-error-boundary)
// and the terminal beside it keeps its session.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render } from "ink-testing-library";
import { Box, Text } from "ink";
import { ErrorBoundary } from "./ErrorBoundary.js";
import { Terminal } from "./Terminal.js";
import { useShell } from "./useShell.js";
import { FakeSession, typeLine, waitFor } from "./testSupport.js";

afterEach(() => cleanup());

function Fragile({ explode }: { explode: boolean }) {
  if (explode) throw new Error("bad row in the verdict");
  return <Text>panel is fine</Text>;
}

function Screen({ session, explode }: { session: FakeSession; explode: boolean }) {
  const shell = useShell(session);
  return (
    <Box flexDirection="column">
      <ErrorBoundary label="the verdict panel" resetKey={explode}>
        <Fragile explode={explode} />
      </ErrorBoundary>
      <Terminal shell={shell} width={80} height={6} focused />
    </Box>
  );
}

describe("ErrorBoundary", () => {
  it("shows the error in place of the panel and keeps the terminal's session working", async () => {
    // React reports caught render errors on the console; keep the test output readable.
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const session = new FakeSession({ "kubectl get ns": { stdout: "default   Active\n" } });
    const { stdin, lastFrame, rerender } = render(<Screen session={session} explode={false} />);
    await waitFor(() => expect(lastFrame()).toContain("panel is fine"));
    await typeLine({ stdin, lastFrame }, "kubectl get ns");
    await waitFor(() => expect(lastFrame()).toContain("default   Active"));

    rerender(<Screen session={session} explode />);
    await waitFor(() => expect(lastFrame()).toContain("! kadet could not draw the verdict panel: bad row in the verdict"));
    expect(lastFrame()).toContain("default   Active");

    await typeLine({ stdin, lastFrame }, "kubectl get ns");
    await waitFor(() => expect(session.history).toEqual(["kubectl get ns", "kubectl get ns"]));

    rerender(<Screen session={session} explode={false} />);
    await waitFor(() => expect(lastFrame()).toContain("panel is fine"));
    consoleError.mockRestore();
  });
});
