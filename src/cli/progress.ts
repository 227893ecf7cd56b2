/** `kadet progress [--json]` (filled in by the next commit). */
export async function progressCommand(_args: string[]): Promise<number> {
  process.stderr.write("kadet: 'kadet progress' is not built yet\n");
  return 1;
}
