/**
 * Scripts for `kadet exam run --script FILE`: the learner's commands, split as an
 * interactive bash reads them (shell/script.ts), where a line `# task N` switches to
 * task N (its context and host) before the commands that follow. Commands before any
 * such line go to task 1, where an exam starts.
 */
import { CommandAccumulator } from "../shell/script.js";

export type ScriptStep = { kind: "task"; number: number; line: number } | { kind: "command"; command: string };

const TASK_LINE = /^\s*#\s*task\s+(\d+)\s*$/i;

export function parseExamScript(text: string): ScriptStep[] {
  const steps: ScriptStep[] = [];
  const acc = new CommandAccumulator();
  text.split("\n").forEach((line, index) => {
    if (!acc.pending()) {
      const marker = TASK_LINE.exec(line);
      if (marker) {
        steps.push({ kind: "task", number: Number(marker[1]), line: index + 1 });
        return;
      }
      if (line.trim() === "" || line.trim().startsWith("#")) return;
    }
    const command = acc.push(line);
    if (command !== undefined) steps.push({ kind: "command", command });
  });
  const rest = acc.flush();
  if (rest !== undefined) steps.push({ kind: "command", command: rest });
  return steps;
}
