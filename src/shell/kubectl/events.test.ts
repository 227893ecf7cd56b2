// kubectl events (kubectl/pkg/cmd/events/events.go, event_printer.go, 1.32). The goldens in
// testdata/events/ were recorded with the real kubectl 1.32 against fake-events.py serving
// fixture.json (record.sh); here the same Events are stored in the world at the same ages.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { kindNamed } from "../../sim/api/kinds.js";
import type { Session } from "../session.js";
import { kubectlSession } from "./testing.js";

const EVENT = kindNamed("Event")!;
const dir = new URL("./testdata/events/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), "utf8");
const recorded = (name: string) => {
  const err = read(`${name}.err`);
  const m = err.match(/^([\s\S]*?)exit=(\d+)\n$/)!;
  return { stdout: read(`${name}.out`), stderr: m[1]!, exitCode: Number(m[2]) };
};

interface FixtureEvent {
  ns: string; name: string; kind: string; apiVersion: string; obj: string; type: string; reason: string; message: string;
  first?: number; last?: number; count?: number; eventTime?: number; component: string; host?: string;
}
const FIXTURE = (JSON.parse(read("fixture.json")) as { events: FixtureEvent[] }).events;

/** Stores fixture.json's events as fake-events.py serves them, `now` being the world's clock. */
function storeFixture(s: Session, now: number): void {
  for (const old of s.world.api.list(EVENT)) s.world.api.delete(EVENT, old.metadata.namespace, old.metadata.name);
  const ts = (ago: number) => new Date(now - ago * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  FIXTURE.forEach((e, i) => {
    const base = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: e.name, namespace: e.ns, uid: `00000000-0000-0000-0000-${String(i).padStart(12, "0")}` },
      involvedObject: { kind: e.kind, ...(e.kind === "Node" ? {} : { namespace: e.ns }), name: e.obj, apiVersion: e.apiVersion },
      reason: e.reason,
      message: e.message,
      type: e.type,
    };
    const timed =
      e.eventTime !== undefined
        ? { source: {}, firstTimestamp: null, lastTimestamp: null, eventTime: ts(e.eventTime).replace("Z", ".000000Z"), action: e.reason, reportingComponent: e.component, reportingInstance: e.host ?? "" }
        : { source: { component: e.component, ...(e.host ? { host: e.host } : {}) }, firstTimestamp: ts(e.first!), lastTimestamp: ts(e.last!), count: e.count, eventTime: null, reportingComponent: "", reportingInstance: "" };
    const created = s.world.api.create(EVENT, { ...base, ...timed } as never, e.ns, { builtByModel: true });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
  });
}

describe("kubectl events (recorded from kubectl 1.32)", () => {
  let s: Session;
  beforeAll(async () => {
    s = kubectlSession();
    await s.run("kubectl create namespace empty");
  });
  /** Runs `line` with the fixture stored at the clock the command will read. */
  async function run(line: string) {
    storeFixture(s, s.world.clock.now());
    // The streams and exit code (an interpreted line also carries its output's order, `chunks`).
    const { stdout, stderr, exitCode } = await s.run(line);
    return { stdout, stderr, exitCode };
  }

  it.each([
    ["default", "kubectl events"],
    ["all", "kubectl events -A"],
    ["warning", "kubectl events --types=warning"],
    ["kube-system-no-headers", "kubectl events -n kube-system --no-headers"],
    ["empty", "kubectl events -n empty"],
    ["empty-all", "kubectl events -A --for pod/none"],
    ["for-pod", "kubectl events --for pod/bad"],
    ["for-deploy", "kubectl events --for deployment.apps/web"],
    ["bad-types", "kubectl events --types=Normal,Info"],
    ["for-no-slash", "kubectl events --for pod"],
    ["for-two-slashes", "kubectl events --for pod/a/b"],
    ["for-unknown", "kubectl events --for foo/x"],
    ["name", "kubectl events -n kube-system -o name"],
    ["jsonpath", "kubectl events -o jsonpath={.items[*].reason}"],
  ])("%s: %s", async (name, line) => {
    expect(await run(line)).toEqual(recorded(name));
  });

  it("sorts by last timestamp with Go's unstable sort.Sort: equal times come out in pdqsort's order, not the list's", async () => {
    const r = await run("kubectl events --no-headers");
    const sixtySeconds = r.stdout.split("\n").filter((l) => l.startsWith("60s")).map((l) => l.replace(/\s+/g, " "));
    // The API server lists them by name; kubectl 1.32 printed them in this order.
    expect(sixtySeconds[0]).toBe("60s Normal SuccessfulCreate ReplicaSet/web-6f7b Created pod: web-6f7b-bbbbb");
  });

  it("-o yaml and -o json print the typed EventList (Go field order in JSON, sorted keys in YAML)", async () => {
    // fake-events.py ran with FIXED_NOW=2026-01-04T09:00:00Z for these two recordings.
    const fixedNow = Date.parse("2026-01-04T09:00:00Z");
    for (const format of ["yaml", "json"]) {
      storeFixture(s, fixedNow);
      const r = await s.run(`kubectl events -n kube-system -o ${format}`);
      // The model's own metadata (resourceVersion, creationTimestamp) differs from the fake server's.
      const mask = (text: string) => text.replace(/("?resourceVersion"?: )"?\d+"?/g, "$1RV").replace(/("?uid"?: )"?[0-9a-f-]{36}"?/g, "$1UID").replace(/("?creationTimestamp"?: )"[^"]*"/g, "$1TS");
      expect(mask(r.stdout)).toBe(mask(read(`${format}.out`)));
      expect(r.exitCode).toBe(0);
    }
  });

  it.each([
    ["get-sort-last", "kubectl get events --sort-by=.lastTimestamp -o custom-columns=NAME:.metadata.name,LAST:.lastTimestamp --no-headers"],
    ["get-sort-last-all", "kubectl get events -A --sort-by=.lastTimestamp -o name"],
    ["get-sort-count", "kubectl get events --sort-by=.count -o custom-columns=NAME:.metadata.name,COUNT:.count"],
    ["get-field-selector", "kubectl get events --field-selector involvedObject.name=bad,type=Warning -o name"],
  ])("%s: %s (get's sorter and field selectors on the same events)", async (name, line) => {
    storeFixture(s, Date.parse("2026-01-04T09:00:00Z"));
    expect(await s.run(line)).toEqual(recorded(name));
  });

  it("-o wide is not an events format; --watch says it is not simulated", async () => {
    const wide = await run("kubectl events -o wide");
    expect(wide.stderr).toBe(
      'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
    );
    const watch = await run("kubectl events -w");
    expect(watch).toMatchObject({ stderr: "kadet: 'kubectl events --watch' is not simulated\n", exitCode: 1 });
  });

  it("reads the events the model records (a pod's pull failure)", async () => {
    const t = kubectlSession();
    await t.run("kubectl run bad --image=nginx:nope");
    await t.run("sim clock advance 30s");
    const r = await t.run("kubectl events --for pod/bad --types=Warning");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE\n/);
    expect(r.stdout).toMatch(/Warning +Failed +Pod\/bad +Error: ErrImagePull\n/);
    expect(r.stdout).not.toMatch(/Normal/);
  });
});
