// kubectl and PodDisruptionBudgets: `create pdb` byte for byte against the real 1.32 client
// (testdata/record.sh, create_pdb.go), `get pdb` columns (printers.go printPodDisruptionBudget),
// `describe pdb` (describe.go describePodDisruptionBudgetV1), and `drain` through the Eviction
// API (kubectl/pkg/drain/drain.go evictPods: the 429 line, the 5 s retry, the global timeout).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import type { StoredObject } from "../../sim/api/types.js";
import type { Session } from "../session.js";
import { golden, kubectlSession, recordedError } from "./testing.js";

const POD = kindNamed("Pod")!;
const nodeOf = (pod: StoredObject) => (pod.spec as { nodeName?: string }).nodeName;
const webPods = (s: Session) => s.world.api.list(POD, "default").filter((p) => p.metadata.labels?.app === "web");

describe("kubectl create poddisruptionbudget (create_pdb.go)", () => {
  it.each([
    ["create pdb my-pdb --selector=app=rails --min-available=1 --dry-run=client -o yaml", "create-pdb.yaml.golden"],
    ["create poddisruptionbudget web --selector='app=nginx,tier in (a,b),!legacy' --max-unavailable=50% -n prod --dry-run=client -o yaml", "create-pdb-max.yaml.golden"],
    ["create pdb web --selector=app=web --min-available=50% --dry-run=client -o json", "create-pdb.json.golden"],
  ])("kubectl %s matches the real client", async (cmd, file) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(golden(file));
  });

  it.each([
    ["create pdb x --min-available=1", "create-pdb-no-selector"],
    ["create pdb x --selector=app=a", "create-pdb-no-budget"],
    ["create pdb x --selector=app=a --min-available=1 --max-unavailable=1", "create-pdb-both"],
    ["create pdb x --selector=app=a --min-available=abc", "create-pdb-bad-min"],
    ["create pdb x --selector=app=a --max-unavailable=-1", "create-pdb-bad-max"],
    ["create pdb x --selector=app!=a --min-available=1", "create-pdb-not-equal"],
    ["create pdb --selector=app=a --min-available=1", "create-pdb-no-name"],
  ])("kubectl %s fails as the real client does", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });

  it("a created budget prints no not-simulated warning, and get pdb shows printPodDisruptionBudget's columns once the controller has counted", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx --replicas=3");
    const created = await s.run("kubectl create pdb web --selector=app=web --max-unavailable=1");
    expect(created).toMatchObject({ stdout: "poddisruptionbudget.policy/web created\n", stderr: "", exitCode: 0 });
    await s.run("sleep 20");
    const got = await s.run("kubectl get pdb");
    expect(got.stdout).toMatch(/^NAME {3}MIN AVAILABLE {3}MAX UNAVAILABLE {3}ALLOWED DISRUPTIONS {3}AGE\nweb {4}N\/A {13}1 {17}1 {21}\d+s\n$/);
  });

  it("describe pdb prints the budget, the selector and the status counts", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx --replicas=2");
    await s.run("kubectl create pdb web --selector=app=web --min-available=50%");
    await s.run("sleep 20");
    const r = await s.run("kubectl describe pdb web");
    expect(r.stdout).toBe(
      ["Name:           web", "Namespace:      default", "Min available:  50%", "Selector:       app=web", "Status:", "    Allowed disruptions:  1", "    Current:              2", "    Desired:              1", "    Total:                2", "Events:                   <none>", ""].join("\n"),
    );
  });
});

describe("PodDisruptionBudget validation (pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec)", () => {
  it("refuses a percentage over 100%, a negative number and an unknown unhealthyPodEvictionPolicy, with the API server's words", async () => {
    const s = kubectlSession();
    const apply = (spec: string) => s.run(`cat <<'EOF' | kubectl apply -f -\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: bad}\nspec:\n${spec}  selector: {matchLabels: {app: web}}\nEOF`);
    expect((await apply("  minAvailable: 150%\n  unhealthyPodEvictionPolicy: Sometimes\n")).stderr).toBe(
      'The PodDisruptionBudget "bad" is invalid: \n* spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%\n* spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"\n',
    );
    expect((await apply("  maxUnavailable: -1\n")).stderr).toBe('The PodDisruptionBudget "bad" is invalid: spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0\n');
    expect((await apply("  minAvailable: 100%\n  unhealthyPodEvictionPolicy: AlwaysAllow\n")).stdout).toBe("poddisruptionbudget.policy/bad created\n");
  });
});

describe("kubectl drain and PodDisruptionBudgets (drain.go evictPods)", () => {
  async function twoWebPodsOneEach(): Promise<Session> {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx --replicas=2");
    await s.run("sleep 20");
    expect(new Set(webPods(s).map(nodeOf))).toEqual(new Set(["node01", "node02"]));
    return s;
  }

  it("a budget that allows no disruption: each refused eviction prints kubectl's 429 line and is retried 5 s later until --timeout", async () => {
    const s = await twoWebPodsOneEach();
    await s.run("kubectl create pdb web --selector=app=web --min-available=2");
    await s.run("sleep 5");
    const pod = webPods(s).find((p) => nodeOf(p) === "node01")!.metadata.name;
    const r = await s.run("kubectl drain node01 --ignore-daemonsets --timeout=12s");
    expect(r.exitCode).toBe(1);
    const refused = `error when evicting pods/"${pod}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`;
    // Tries at 0, 5 and 10 s are refused; the one at 15 s finds the 12 s deadline passed.
    expect(r.stdout.split("\n").filter((l) => l === `evicting pod default/${pod}`)).toHaveLength(4);
    expect(r.stderr.split(refused).length - 1).toBe(3);
    expect(r.stderr).toContain(`There are pending pods in node "node01" when an error occurred: error when evicting pods/"${pod}" -n "default": global timeout reached: 12s\npod/${pod}\n`);
    expect(r.stderr.endsWith(`error when evicting pods/"${pod}" -n "default": global timeout reached: 12s\n`)).toBe(true);
    expect(s.world.api.find(POD, "default", pod)).toBeDefined();
  });

  it("when the budget allows one disruption the pod is evicted, and the replacement lands on the other node", async () => {
    const s = await twoWebPodsOneEach();
    await s.run("kubectl create pdb web --selector=app=web --min-available=1");
    await s.run("sleep 5");
    const pod = webPods(s).find((p) => nodeOf(p) === "node01")!.metadata.name;
    const r = await s.run("kubectl drain node01 --ignore-daemonsets");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`evicting pod default/${pod}\n`);
    expect(r.stdout).toContain(`pod/${pod} evicted\n`);
    expect(r.stderr).not.toContain("disruption budget");
    await s.run("sleep 20");
    expect(webPods(s).map(nodeOf)).toEqual(["node02", "node02"]);
  });

  it("the budget frees up while drain retries (a scale-up): the retried eviction then succeeds", async () => {
    const s = await twoWebPodsOneEach();
    await s.run("kubectl create pdb web --selector=app=web --min-available=2");
    await s.run("sleep 5");
    // No budget to spend at first; uncordoned node02 takes a third replica while drain waits.
    s.world.api.update(kindNamed("Deployment")!, { ...structuredClone(s.world.api.find(kindNamed("Deployment")!, "default", "web")!), spec: { ...(s.world.api.find(kindNamed("Deployment")!, "default", "web")!.spec as object), replicas: 3 } });
    const r = await s.run("kubectl drain node01 --ignore-daemonsets --timeout=60s");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/node\/node01 drained\n$/);
  });

  it("--disable-eviction deletes instead, which no budget can refuse", async () => {
    const s = await twoWebPodsOneEach();
    await s.run("kubectl create pdb web --selector=app=web --min-available=2");
    await s.run("sleep 5");
    const pod = webPods(s).find((p) => nodeOf(p) === "node01")!.metadata.name;
    const r = await s.run("kubectl drain node01 --ignore-daemonsets --disable-eviction");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`pod/${pod} deleted\n`);
    expect(r.stderr).not.toContain("disruption budget");
  });
});
