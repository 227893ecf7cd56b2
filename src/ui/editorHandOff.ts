/**
 * Lending the trainer's terminal to the learner's editor (`vi`, `kubectl edit`), as git and
 * kubectl do: Ink's drawing stops (the editor runs synchronously, so nothing of kadet renders
 * or reads keys meanwhile), the terminal leaves raw mode and the alternate screen the trainer
 * drew on, and afterwards both come back and Ink is made to draw its whole frame again.
 */
import type { Instance } from "ink";
import { editorFromEnv, onPath, spawnOnTerminal, type TerminalEditorHost } from "../shell/editor.js";

export function inkTerminalHost(instance: Pick<Instance, "clear">, stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): TerminalEditorHost {
  return {
    installed: (program) => onPath(program),
    preferred: () => editorFromEnv(process.env),
    run: async (argv, cwd) => {
      const raw = stdin.isTTY === true && stdin.isRaw;
      // Bracketed paste off and the main screen back: the editor sets up the terminal its own way.
      stdout.write("\u001b[?2004l\u001b[?1049l");
      if (raw) stdin.setRawMode(false);
      try {
        return spawnOnTerminal(argv, cwd);
      } finally {
        if (raw) stdin.setRawMode(true);
        stdout.write("\u001b[?1049h\u001b[H\u001b[2J\u001b[?2004h");
        // Ink believes its last frame is still on screen; forgetting it makes the next render draw it all.
        instance.clear();
      }
    },
  };
}
