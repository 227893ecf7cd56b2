/**
 * Families kadet knows by name but does not model yet. They say so plainly
 * instead of pretending (DESIGN.md, principle 1).
 */
import { failure, type CommandFamily } from "./types.js";

export function notSimulated(name: string): CommandFamily {
  return {
    name,
    run: (args) => {
      const verb = args.find((a) => !a.startsWith("-"));
      return failure(`kadet: '${verb ? `${name} ${verb}` : name}' is not simulated yet`);
    },
  };
}
