/**
 * BuildKit's plain progress (`docker build --progress=plain`, and what
 * `docker build` prints without a terminal): one block per vertex, numbered
 * from #1 after the `#0 building with "default" instance using docker driver`
 * header, each ending in `DONE 0.4s`, `CACHED` or `ERROR: ...`, blocks
 * separated by a blank line. Shapes copied from real Docker 27 output.
 */
import type { BuildResult } from "./build.js";

export function plainProgress(result: BuildResult): string {
  let out = '#0 building with "default" instance using docker driver\n';
  result.vertices.forEach((v, i) => {
    const n = `#${i + 1}`;
    out += `\n${n} ${v.name}\n`;
    for (const line of v.logs) out += `${n} ${line}\n`;
    if (v.status === "cached") out += `${n} CACHED\n`;
    else if (v.status === "error") out += `${n} ERROR: ${v.error}\n`;
    else out += `${n} DONE ${v.seconds.toFixed(1)}s\n`;
  });
  if (!result.ok) out += `${result.excerpt}ERROR: failed to solve: ${result.error}\n`;
  return out;
}
