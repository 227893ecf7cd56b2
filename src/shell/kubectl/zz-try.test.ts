import { it } from "vitest";
import { kubectlSession } from "/work/main/src/shell/kubectl/testing.js";
it("try", async () => {
  const s = kubectlSession();
  for (const c of (process.env.CMDS ?? "").split(";;")) {
    const r = await s.run(c);
    console.log(`$ ${c}\n${r.stdout}${r.stderr ? "[stderr]" + r.stderr : ""}[exit ${r.exitCode}]`);
  }
});
