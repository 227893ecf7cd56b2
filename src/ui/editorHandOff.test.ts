// The terminal hand-off around a real editor: raw mode off and the main screen back while it
// runs, then raw mode, the alternate screen, bracketed paste and a full Ink redraw after.
import { describe, expect, it } from "vitest";
import { inkTerminalHost } from "./editorHandOff.js";

function fakes() {
  const events: string[] = [];
  const stdin = { isTTY: true, isRaw: true, setRawMode: (on: boolean) => events.push(`raw ${on}`) } as unknown as NodeJS.ReadStream;
  const stdout = { write: (s: string) => events.push(JSON.stringify(s)) } as unknown as NodeJS.WriteStream;
  const instance = { clear: () => events.push("clear") };
  return { events, host: inkTerminalHost(instance, stdin, stdout) };
}

describe("inkTerminalHost", () => {
  it("gives the terminal away before the editor and takes it back, redrawn, after", async () => {
    const { events, host } = fakes();
    expect(await host.run(["true"], process.cwd())).toEqual({ exitCode: 0 });
    expect(events).toEqual([
      JSON.stringify("\u001b[?2004l\u001b[?1049l"),
      "raw false",
      "raw true",
      JSON.stringify("\u001b[?1049h\u001b[H\u001b[2J\u001b[?2004h"),
      "clear",
    ]);
  });

  it("an editor that is not installed is reported as not found, and the terminal still comes back", async () => {
    const { events, host } = fakes();
    expect(await host.run(["kadet-no-such-editor"], process.cwd())).toEqual({ notFound: true });
    expect(events.at(-1)).toBe("clear");
  });
});
