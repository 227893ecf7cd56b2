// kubectl set env: kubectl/pkg/cmd/set/set_env.go (1.32). --local outputs and client-side
// errors recorded from the real kubectl 1.32 (testdata/set-env-*, testdata/errors/set-env-*.err).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import type { Session } from "../session.js";
import { golden, kubectlSession, recordedError } from "./testing.js";

const DEPLOY = kindNamed("Deployment")!;
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const containers = (s: Session) => (s.world.api.find(DEPLOY, "default", "web") as Obj).spec.template.spec.containers as Obj[];
const L = "kubectl set env --local -f patch-deploy.yaml";

describe("kubectl set env --local (recorded)", () => {
  it.each([
    ["set-env-local.yaml.golden", `${L} MODE=dev NEW=1 -o yaml`],
    ["set-env-remove.yaml.golden", `${L} LEVEL- -c web -o yaml`],
    ["set-env-list.golden", `${L} --list`],
    ["set-env-local.golden", `${L} X=1`],
  ])("%s", async (file, command) => {
    const r = await kubectlSession().run(command);
    expect(r).toMatchObject({ stdout: golden(file), stderr: "" });
  });

  it.each([
    ["set-env-no-overwrite", `${L} MODE=x --overwrite=false`],
    ["set-env-bad-key", `${L} 'bad key=1'`],
    ["set-env-no-resources", "kubectl set env A=1"],
    ["set-env-keys-no-from", "kubectl set env deploy/web --keys=a"],
    ["set-env-list-output", "kubectl set env deploy/web --list -o yaml"],
  ])("error %s", async (name, command) => {
    const r = await kubectlSession().run(command);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});

describe("kubectl set env on the cluster", () => {
  async function withDeployment(): Promise<Session> {
    const s = kubectlSession();
    await s.run("kubectl create -f patch-deploy.yaml");
    return s;
  }

  it("sets, replaces in place and removes; the Deployment rolls out a new ReplicaSet", async () => {
    const s = await withDeployment();
    const r = await s.run("kubectl set env deployment/web -c web LEVEL=debug TRACE=1 MODE-");
    expect(r).toMatchObject({ stdout: "deployment.apps/web env updated\n", stderr: "", exitCode: 0 });
    expect(containers(s)[0]!.env).toEqual([{ name: "LEVEL", value: "debug" }, { name: "TRACE", value: "1" }]);
    expect(containers(s)[1]!.env).toBeUndefined();
    await s.run("sim clock advance 30s");
    expect(s.world.api.list(kindNamed("ReplicaSet")!, "default")).toHaveLength(2);
  });

  it("without -c every container gets the variable; a no-op prints nothing", async () => {
    const s = await withDeployment();
    await s.run("kubectl set env deploy web A=1");
    expect(containers(s).map((c) => c.env.at(-1))).toEqual([{ name: "A", value: "1" }, { name: "A", value: "1" }]);
    expect(await s.run("kubectl set env deploy web A=1")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("--from=configmap/NAME adds valueFrom references (keys as names, --prefix), --list shows them", async () => {
    const s = await withDeployment();
    await s.run("kubectl create configmap cfg --from-literal=db.host=x --from-literal=port=5432");
    await s.run("kubectl set env deploy/web -c log --from=configmap/cfg --prefix=APP_");
    expect(containers(s)[1]!.env).toEqual([
      { name: "APP_DB_HOST", valueFrom: { configMapKeyRef: { key: "db.host", name: "cfg" } } },
      { name: "APP_PORT", valueFrom: { configMapKeyRef: { key: "port", name: "cfg" } } },
    ]);
    expect((await s.run("kubectl set env deploy/web -c log --list")).stdout).toBe(
      "# Deployment web, container log\n# APP_DB_HOST from configmap cfg, key db.host\n# APP_PORT from configmap cfg, key port\n",
    );
  });

  it("a container selector that matches nothing warns and changes nothing", async () => {
    const s = await withDeployment();
    const r = await s.run("kubectl set env deploy/web -c nope A=1");
    expect(r).toMatchObject({ stdout: "", stderr: 'Warning: Deployment/web does not have any containers matching "nope"\n', exitCode: 0 });
  });
});
