/**
 * The one rule for commands that follow containers (`docker logs -f`, `docker compose logs -f`,
 * an attached `docker compose up`): the real client follows until the containers exit or the
 * learner presses Ctrl-C. kadet's script mode cannot press Ctrl-C, so a follow moves the virtual
 * clock until the containers exit, for at most this long, then returns and says they keep running.
 */
export const FOLLOW_LIMIT_SECONDS = 30;

export function stillRunningNote(command: string, names: readonly string[]): string {
  return `kadet: '${command}' followed for ${FOLLOW_LIMIT_SECONDS} simulated seconds; ${names.join(", ")} keep${names.length === 1 ? "s" : ""} running. A real client follows until Ctrl-C, which kadet's script mode cannot send\n`;
}
