// kubectl annotate against the live model: kubectl/pkg/cmd/annotate/annotate.go (1.32) and the
// outputs and client-side errors recorded from the real kubectl 1.32 (testdata/annotate-*,
// testdata/errors/annotate-*.err, see record.sh).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import type { Session } from "../session.js";
import { golden, kubectlSession, recordedError } from "./testing.js";

const POD = kindNamed("Pod")!;
const annotationsOf = (s: Session, name: string) => s.world.api.find(POD, "default", name)?.metadata.annotations;

async function withPod(): Promise<Session> {
  const s = kubectlSession();
  await s.run("kubectl create -f annotate-pod.yaml");
  return s;
}

describe("kubectl annotate (annotate.go)", () => {
  it("adds an annotation and prints `pod/NAME annotated`", async () => {
    const s = await withPod();
    const r = await s.run("kubectl annotate pods web description='my frontend'");
    expect(r).toMatchObject({ stdout: "pod/web annotated\n", stderr: "", exitCode: 0 });
    expect(annotationsOf(s, "web")).toMatchObject({ description: "my frontend", owner: "team-a" });
  });

  it("refuses an existing key without --overwrite, even to the same value (validateNoAnnotationOverwrites)", async () => {
    const s = await withPod();
    for (const value of ["b", "team-a"]) {
      const r = await s.run(`kubectl annotate pod/web owner=${value}`);
      expect(r).toMatchObject({ stdout: "", stderr: "error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (team-a)\n", exitCode: 1 });
    }
    expect((await s.run("kubectl annotate pod/web owner=b --overwrite")).stdout).toBe("pod/web annotated\n");
    expect(annotationsOf(s, "web")?.owner).toBe("b");
  });

  it("the same refusal on a --local file as recorded from kubectl 1.32", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl annotate --local -f annotate-pod.yaml owner=b");
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError("annotate-overwrite-false"));
  });

  it("kubernetes.io/change-cause may always be overwritten", async () => {
    const s = await withPod();
    await s.run("kubectl annotate pod web kubernetes.io/change-cause=one");
    expect((await s.run("kubectl annotate pod web kubernetes.io/change-cause=two")).exitCode).toBe(0);
    expect(annotationsOf(s, "web")?.["kubernetes.io/change-cause"]).toBe("two");
  });

  it("KEY- removes without --overwrite, and still says annotated when the key was absent", async () => {
    const s = await withPod();
    expect((await s.run("kubectl annotate pod web owner-")).stdout).toBe("pod/web annotated\n");
    expect(annotationsOf(s, "web")?.owner).toBeUndefined();
    expect((await s.run("kubectl annotate pod web owner-")).stdout).toBe("pod/web annotated\n");
  });

  it("--all annotates every object of the type in the namespace; -l selects", async () => {
    const s = await withPod();
    await s.run("kubectl run other --image=nginx --labels=app=other");
    const all = await s.run("kubectl annotate pods --all team=x");
    expect(all.stdout).toBe("pod/other annotated\npod/web annotated\n");
    const sel = await s.run("kubectl annotate pods -l app=other tier=back");
    expect(sel.stdout).toBe("pod/other annotated\n");
    expect(annotationsOf(s, "web")?.tier).toBeUndefined();
  });

  it("--dry-run=client changes nothing; --list prints the annotations", async () => {
    const s = await withPod();
    expect((await s.run("kubectl annotate pod web a=1 --dry-run=client")).stdout).toBe("pod/web annotated (dry run)\n");
    expect(annotationsOf(s, "web")?.a).toBeUndefined();
    expect((await s.run("kubectl annotate pod web --list")).stdout).toBe("owner=team-a\n");
  });

  it("a missing object is the server's NotFound", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl annotate pod nope a=1");
    expect(r).toMatchObject({ stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
  });

  it("--local -f prints the file's object as recorded (unstructured: no Go defaults added)", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl annotate --local -f annotate-pod.yaml description='my frontend' -o yaml")).stdout).toBe(golden("annotate-local.yaml.golden"));
    expect((await s.run("kubectl annotate --local -f annotate-pod.yaml owner- --dry-run=client")).stdout).toBe(golden("annotate-local-remove.dryrun.golden"));
  });

  it.each([
    ["annotate-no-update", "kubectl annotate pod x"],
    ["annotate-modify-and-remove", "kubectl annotate pod x a=1 a-"],
    ["annotate-no-resources", "kubectl annotate a=b"],
    ["annotate-all-and-selector", "kubectl annotate pods --all -l a=b x=y"],
    ["annotate-resource-after-pair", "kubectl annotate pod x a=1 pod y"],
    ["annotate-local-and-resource", "kubectl annotate --local pod x a=b"],
  ])("client-side error %s matches kubectl 1.32", async (name, command) => {
    const r = await kubectlSession().run(command);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});
