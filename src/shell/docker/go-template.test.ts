// Expected outputs are Go text/template's (pkg text/template exec_test.go cases and the
// docker formatting docs, https://docs.docker.com/go/formatting/).
import { describe, expect, it } from "vitest";
import { executeTemplate, GoNil } from "./go-template.js";

const IMAGE = {
  Id: "sha256:abc",
  RepoTags: ["app:1", "app:latest"],
  Config: { User: "", Env: ["PATH=/usr/bin", "A=1"], Cmd: ["nginx", "-g", "daemon off;"], Entrypoint: new GoNil("slice"), Labels: { b: "2", a: "1" }, ExposedPorts: { "80/tcp": {} } },
  RootFS: { Type: "layers", Layers: ["sha256:1", "sha256:2", "sha256:3"] },
  Size: 1234,
};

const run = (template: string, data: unknown = IMAGE) => {
  const r = executeTemplate(template, data);
  return r.ok ? r.output : `ERROR ${r.error}`;
};

describe("Go text/template, the subset docker --format uses", () => {
  it.each([
    ["{{.Config.Cmd}}", "[nginx -g daemon off;]"],
    ["{{.Config.Entrypoint}}", "[]"],
    ["{{len .RootFS.Layers}}", "3"],
    ['{{json .Config.Cmd}}', '["nginx","-g","daemon off;"]'],
    ["{{json .Config.Entrypoint}}", "null"],
    ['{{join .RepoTags ", "}}', "app:1, app:latest"],
    ["{{range .RepoTags}}[{{.}}]{{end}}", "[app:1][app:latest]"],
    ["{{range $i, $t := .RepoTags}}{{$i}}={{$t}} {{end}}", "0=app:1 1=app:latest "],
    ["{{range $k, $v := .Config.Labels}}{{$k}}:{{$v}};{{end}}", "a:1;b:2;"],
    ["{{range .Config.Entrypoint}}x{{else}}none{{end}}", "none"],
    ["{{if .Config.User}}user{{else}}root{{end}}", "root"],
    ["{{if eq .Size 1234}}big{{else if gt .Size 10}}mid{{end}}", "big"],
    ["{{with .RootFS}}{{.Type}}{{end}}", "layers"],
    ["{{.Config.Labels}}", "ERROR template: :1:2: executing \"\" at <>: kadet: printing a whole object is not simulated yet; use {{json .Field}}"],
    ["{{index .Config.Labels \"a\"}}", "1"],
    ["{{index .RepoTags 1}}", "app:latest"],
    ["{{upper (index .RepoTags 0)}}", "APP:1"],
    ["{{.Id | printf \"%s!\"}}", "sha256:abc!"],
    ["a  {{- .Size -}}  b", "a1234b"],
    ["{{/* a comment */}}x", "x"],
    ["{{$x := .Size}}{{$x}}", "1234"],
    ["{{range .Config.Env}}{{println .}}{{end}}", "PATH=/usr/bin\nA=1\n"],
    ['{{split "a:b" ":"}}', "[a b]"],
    ["{{.Config.Foo}}", 'ERROR template: :1:9: executing "" at <.Config.Foo>: map has no entry for key "Foo"'],
    ["{{.Foo", "ERROR template: :1: unclosed action"],
    ["{{if .Size}}x", "ERROR template: :1: unexpected EOF"],
    ["{{frob .Size}}", 'ERROR template: :1: function "frob" not defined'],
  ])("%s", (template, expected) => {
    expect(run(template)).toBe(expected);
  });

  it("the column of an execution error is the byte offset of the failing node in its line", () => {
    expect(run("x {{.Nope}}")).toBe('ERROR template: :1:4: executing "" at <.Nope>: map has no entry for key "Nope"');
  });
});
