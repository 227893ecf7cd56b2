import { describe, expect, it } from "vitest";
import { dockerFlagsFromHelp, parseDockerFlags } from "./flags.js";
import { DOCKER_HELP } from "./help-texts.js";

const flagsOf = (key: string) => dockerFlagsFromHelp(DOCKER_HELP[key]!);
const spec = (key: string, name: string) => flagsOf(key).find((f) => f.name === name);

describe("docker flag tables read from the recorded --help (testdata/help)", () => {
  it("reads booleans, typed values, shorthands and repeatable lists", () => {
    expect(spec("ps", "all")).toEqual({ name: "all", short: "a", type: "bool", defaultText: "false" });
    expect(spec("ps", "last")).toEqual({ name: "last", short: "n", type: "int", defaultText: "-1" });
    expect(spec("run", "env")).toMatchObject({ short: "e", type: "stringArray" });
    expect(spec("build", "tag")).toMatchObject({ short: "t", type: "stringArray" });
    expect(spec("build", "rm")).toMatchObject({ type: "bool", defaultText: "true" });
    expect(spec("run", "workdir")).toMatchObject({ short: "w", type: "string" });
  });

  it("finds every flag line of docker run (flags whose description wraps too)", () => {
    const names = flagsOf("run").map((f) => f.name);
    expect(names).toContain("volumes-from");
    expect(names).toContain("health-start-interval");
    expect(names.length).toBe((DOCKER_HELP["run"]!.match(/^ {2}(?:-\w, | {4})--/gm) ?? []).length);
  });

  it("docker run stops reading flags at the image (cobra SetInterspersed(false))", () => {
    const parsed = parseDockerFlags(["-d", "--name", "web", "busybox", "ls", "-l"], flagsOf("run"), false);
    expect(parsed.ok && [parsed.flags.args, parsed.flags.set.get("name")]).toEqual([["busybox", "ls", "-l"], "web"]);
  });

  it("pflag's errors, as the recorded client prints them (testdata/cases.json)", () => {
    expect(parseDockerFlags(["--foo"], flagsOf("run"), false)).toEqual({ ok: false, error: "unknown flag: --foo" });
    expect(parseDockerFlags(["--last", "abc"], flagsOf("ps"))).toEqual({ ok: false, error: 'invalid argument "abc" for "-n, --last" flag: strconv.ParseInt: parsing "abc": invalid syntax' });
  });
});
