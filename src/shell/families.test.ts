import { describe, expect, it } from "vitest";
import { allFamilies, lazyFamilies } from "./families.js";

describe("command families", () => {
  it("a lazily loaded family settles the world exactly as the family it loads", async () => {
    const families = new Map(allFamilies().map((f) => [f.name, f]));
    for (const [name, load] of Object.entries(lazyFamilies)) {
      const real = await load();
      expect(real.name).toBe(name);
      expect(families.get(name)?.settlesWorld ?? false).toBe(real.settlesWorld ?? false);
    }
  });
});
