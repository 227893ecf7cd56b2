/**
 * `journalctl`: kadet keeps no journal (no log lines of host services), so it
 * says so, whatever the flags, instead of printing an empty journal that would
 * look like a quiet service.
 */
import { failure, type CommandFamily } from "../types.js";
import { hostOf, notOnAHost } from "./on-host.js";

export const journalctlFamily: CommandFamily = {
  name: "journalctl",
  run: (_args, ctx) => {
    if (!hostOf(ctx)) return notOnAHost("journalctl");
    return failure("kadet: 'journalctl' is not simulated yet: kadet keeps no journal of host services; 'systemctl status UNIT' shows a unit's state");
  },
};
