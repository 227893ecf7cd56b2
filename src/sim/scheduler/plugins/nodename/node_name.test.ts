// Cases follow upstream's pkg/scheduler/framework/plugins/nodename/node_name_test.go.
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "../../snapshot.js";
import { makeNode, makePod } from "../../testing.js";
import { nodeNamePlugin } from "./node_name.js";

const [foo] = buildSnapshot([makeNode("foo")], new Map());

describe("NodeName filter", () => {
  it("no host specified", () => expect(nodeNamePlugin.filter(makePod("p"), foo!).code).toBe("Success"));
  it("host matches", () => expect(nodeNamePlugin.filter(makePod("p", { nodeName: "foo" }), foo!).code).toBe("Success"));
  it("host doesn't match", () => {
    expect(nodeNamePlugin.filter(makePod("p", { nodeName: "bar" }), foo!)).toEqual({
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) didn't match the requested node name"],
    });
  });
});
