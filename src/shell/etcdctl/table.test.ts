/** tablewriter's layout and go-humanize's sizes, against tables recorded from the real etcdctl (testdata/README.md). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { humanizeBytes, renderTable } from "./table.js";

const golden = (name: string) => readFileSync(join(__dirname, "testdata", name), "utf8");

describe("etcdctl tables", () => {
  it("member list -w table: headers centred (left half rounded down), cells right-aligned", () => {
    const rows = [
      ["628170c800dbcee", "started", "m3", "http://127.0.0.1:32380", "http://127.0.0.1:32379", "false"],
      ["9e737febb6b99eee", "started", "m2", "http://127.0.0.1:22380", "http://127.0.0.1:22379", "false"],
      ["ddd67b312462fd7b", "started", "m1", "http://127.0.0.1:12380", "http://127.0.0.1:12379", "false"],
    ];
    expect(renderTable(["ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER"], rows)).toBe(golden("member-list.table.golden"));
  });

  it("endpoint status -w table of a member without a leader, and endpoint health / snapshot status tables", () => {
    expect(
      renderTable(
        ["ENDPOINT", "ID", "VERSION", "DB SIZE", "IS LEADER", "IS LEARNER", "RAFT TERM", "RAFT INDEX", "RAFT APPLIED INDEX", "ERRORS"],
        [["http://127.0.0.1:12379", "ddd67b312462fd7b", "3.4.23", "20 kB", "false", "false", "3", "10", "10", "etcdserver: no leader"]],
      ),
    ).toBe(golden("endpoint-status-no-leader.table.golden"));
    expect(renderTable(["ENDPOINT", "HEALTH", "TOOK", "ERROR"], [["https://127.0.0.1:2379", "true", "9.601586ms", ""]])).toBe(golden("endpoint-health.table.golden"));
    expect(renderTable(["HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE"], [["b192d03c", "6", "9", "20 kB"]])).toBe(golden("snapshot-status.table.golden"));
  });

  it("sizes as go-humanize Bytes: 20480 is \"20 kB\" (Go's %.0f rounds half to even), 2.5 MB keeps a decimal", () => {
    expect(humanizeBytes(20480)).toBe("20 kB");
    expect(humanizeBytes(29000)).toBe("29 kB");
    expect(humanizeBytes(2_500_000)).toBe("2.5 MB");
    expect(humanizeBytes(5)).toBe("5 B");
  });
});
