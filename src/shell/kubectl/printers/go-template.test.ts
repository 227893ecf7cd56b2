// kubectl -o go-template / --template: kubectl/pkg/printers/template.go and genericclioptions
// PrintFlags (1.32). Outputs and errors recorded from the real kubectl 1.32 on an object it built
// itself (testdata/go-template-*.golden, testdata/errors/go-template-*.err, see record.sh).
import { describe, expect, it } from "vitest";
import { golden, kubectlSession, recordedError } from "../testing.js";

const CREATE = "kubectl create deployment web --image=nginx --replicas=2 --dry-run=client";

describe("kubectl -o go-template", () => {
  it("fields, range and missing keys (<no value>, missingkey=default) as recorded", async () => {
    const r = await kubectlSession().run(`${CREATE} -o go-template='{{.kind}} {{.metadata.name}} {{range .spec.template.spec.containers}}{{.image}}{{end}} {{.nope}} {{.nope.deeper}} {{.spec.replicas}}{{"\\n"}}'`);
    expect(r).toMatchObject({ stdout: golden("go-template-fields.golden"), stderr: "" });
  });

  it("Go's functions and kubectl's exists and base64decode, and a map printed as map[...]", async () => {
    const r = await kubectlSession().run(`${CREATE} -o go-template='{{len .spec.template.spec.containers}} {{index .metadata.labels "app"}} {{printf "%05d" .spec.replicas}} {{base64decode "aGk="}} {{exists . "spec" "replicas"}} {{exists . "spec" "nope"}} {{.metadata.labels}}'`);
    expect(r).toMatchObject({ stdout: golden("go-template-funcs.golden"), stderr: "" });
  });

  it.each([
    ["go-template-unclosed", `${CREATE} -o go-template='{{.kind'`],
    ["go-template-no-template", `${CREATE} -o go-template`],
    ["go-template-docker-func", `${CREATE} -o go-template='{{json .kind}}'`],
    ["go-template-exec-error", `${CREATE} -o go-template='{{index .spec 3}}'`],
  ])("error %s matches kubectl 1.32", async (name, command) => {
    const r = await kubectlSession().run(command);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });

  it("get reads --template, alone (it implies -o go-template) or with -o go-template", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx");
    expect((await s.run("kubectl get deploy web --template='{{.metadata.name}}'")).stdout).toBe("web");
    expect((await s.run("kubectl get deploy web -o go-template --template='{{.spec.replicas}}'")).stdout).toBe("1");
    const list = await s.run("kubectl get deploy -o go-template='{{range .items}}{{.metadata.name}} {{end}}'");
    expect(list).toMatchObject({ stdout: "web ", stderr: "" });
  });
});
