import { describe, expect, it } from "vitest";
import { Environment } from "../../sim/env/environment.js";
import { parseKubeconfig, renderKubeconfig } from "./kubeconfig-file.js";

describe("the kubeconfig kadet writes", () => {
  // The session remembers its own rendered text as the config it came from instead of parsing it;
  // that is only right while reading the text back gives exactly that config.
  it("reads back as exactly the config it was rendered from, for one cluster and after sim context add", () => {
    const env = new Environment("default");
    const first = env.kubeconfig!;
    const parsed = parseKubeconfig(renderKubeconfig(first));
    expect(parsed.ok && parsed.config).toEqual(first);
    env.addContext("k8s-c2");
    const second = env.kubeconfig!;
    const reparsed = parseKubeconfig(renderKubeconfig(second));
    expect(reparsed.ok && reparsed.config).toEqual(second);
  });
});
