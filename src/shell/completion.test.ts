// Tab completion as bash-completion for kubectl offers it (kubectl completion bash → cobra
// __complete): verbs, resource types, names from the live model, namespaces after -n, flags,
// files; an alias of kubectl (BASH_ALIAS_* in the session's env) completes as kubectl.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";

async function tab(session: Session, line: string) {
  return session.complete(line, line.length);
}

describe("completion", () => {
  it("completes verbs and resource types, and lists candidates when ambiguous", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-comp-")) });
    expect((await tab(s, "kubectl desc")).line).toBe("kubectl describe ");
    expect((await tab(s, "kubectl get deploym")).line).toBe("kubectl get deployments ");
    const ambiguous = await tab(s, "kubectl get pod");
    expect(ambiguous.line).toBe("kubectl get pod");
    expect(ambiguous.candidates).toContain("pods");
    expect(ambiguous.candidates).toContain("poddisruptionbudgets");
  });

  it("completes object names from the model, with short names, TYPE/NAME and -n", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-comp-")) });
    await s.run("kubectl run web-7f9c --image=nginx");
    await s.run("kubectl create ns team-a");
    await s.run("kubectl run api --image=nginx -n team-a");
    expect((await tab(s, "kubectl get po we")).line).toBe("kubectl get po web-7f9c ");
    expect((await tab(s, "kubectl describe pod/w")).line).toBe("kubectl describe pod/web-7f9c ");
    expect((await tab(s, "kubectl logs w")).line).toBe("kubectl logs web-7f9c ");
    expect((await tab(s, "kubectl get pods -n tea")).line).toBe("kubectl get pods -n team-a ");
    expect((await tab(s, "kubectl -n team-a get pods a")).line).toBe("kubectl -n team-a get pods api ");
    expect((await tab(s, "kubectl get pods a")).candidates).toEqual([]);
  });

  it("completes the verb's flags from its recorded help, and files after -f", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kadet-comp-"));
    writeFileSync(join(dir, "deploy.yaml"), "");
    mkdirSync(join(dir, "manifests"));
    const s = new Session({ cwd: dir });
    expect((await tab(s, "kubectl get --show-l")).line).toBe("kubectl get --show-labels ");
    expect((await tab(s, "kubectl apply -f dep")).line).toBe("kubectl apply -f deploy.yaml ");
    expect((await tab(s, "kubectl apply -f man")).line).toBe("kubectl apply -f manifests/");
    expect((await tab(s, "cat de")).line).toBe("cat deploy.yaml ");
  });
});
