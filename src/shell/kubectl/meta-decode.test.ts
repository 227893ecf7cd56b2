// kubectl create/apply -f with a document whose metadata does not decode: the other documents
// still go (cli-runtime's ContinueOnError builder; apply.go collects GetObjects' error first).
import { describe, expect, it } from "vitest";
import { Session } from "../session.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const two = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: good}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad, annotations: abc}\n";
const message = 'error: unable to decode "m.yaml": json: cannot unmarshal string into Go struct field ObjectMeta.metadata.annotations of type map[string]string';

describe("a document with wrong-typed metadata among good ones", () => {
  it.each(["create", "apply"])("kubectl %s -f creates the good one and reports the other (exit 1)", async (verb) => {
    const dir = mkdtempSync(join(tmpdir(), "kadet-meta-"));
    writeFileSync(join(dir, "m.yaml"), two);
    const session = new Session({ preset: "bare", cwd: dir });
    const result = await session.run(`kubectl ${verb} -f m.yaml`);
    expect(result.stdout).toBe("configmap/good created\n");
    expect(result.stderr).toBe(`${message}\n`);
    expect(result.exitCode).toBe(1);
    expect((await session.run("kubectl get cm bad")).stderr).toMatch(/NotFound|not found/);
  });

  it("kubectl delete -f deletes the good one and reports the other", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kadet-meta-"));
    writeFileSync(join(dir, "m.yaml"), two);
    const session = new Session({ preset: "bare", cwd: dir });
    await session.run("kubectl create cm good");
    const result = await session.run("kubectl delete -f m.yaml");
    expect(result.stdout).toBe('configmap "good" deleted\n');
    expect(result.stderr).toContain(message);
    expect(result.exitCode).toBe(1);
  });
});
