// Go's sort.Sort (src/sort/zsortinterface.go). The recorded `kubectl events` goldens (events.test.ts)
// pin its order of equal keys on a 17-item list; here: it sorts, and it is not stable.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { goSort } from "./go-sort.js";

describe("goSort (Go's pdqsort)", () => {
  it("sorts any list of numbers (insertion sort, partitions, heapsort fallback)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 300 }), (xs) => {
        expect(goSort([...xs], (a, b) => a < b)).toEqual([...xs].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });

  it("up to 12 items it is insertion sort: stable for a strict order", () => {
    const items = [2, 1, 2, 1].map((key, i) => ({ key, i }));
    expect(goSort(items, (a, b) => a.key < b.key).map((x) => x.i)).toEqual([1, 3, 0, 2]);
  });

  it("a less that calls two missing keys less than each other reverses them, as kubectl's sorter does", () => {
    // RuntimeSort.Less: an item without the field is less than anything, another missing one included.
    const items = ["a", "b", "c"].map((name) => ({ name, key: undefined as number | undefined }));
    items.push({ name: "d", key: 1 });
    expect(goSort(items, (x) => x.key === undefined).map((x) => x.name)).toEqual(["c", "b", "a", "d"]);
  });

  it("past 12 items equal keys do not keep their order", () => {
    const items = Array.from({ length: 17 }, (_, i) => ({ key: i % 3 === 0 ? 0 : 1, i }));
    const sorted = goSort([...items], (a, b) => a.key < b.key);
    expect(sorted.map((x) => x.key)).toEqual([...items].map((x) => x.key).sort());
    expect(sorted.map((x) => x.i)).not.toEqual([...items].sort((a, b) => a.key - b.key).map((x) => x.i));
  });
});
