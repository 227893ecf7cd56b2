// Issue 5 §6: if kubernetes-models cannot load, strict decoding must fail loudly, never accept
// everything unchecked (the loader used to swallow the error and skip the schema).
import { afterEach, describe, expect, it } from "vitest";
import { kindFor } from "../kinds.js";
import { decodeStrict, replaceModelLoader, type ModelLoader } from "./decode.js";

let restore: ModelLoader | undefined;
afterEach(() => {
  if (restore) replaceModelLoader(restore);
  restore = undefined;
});

const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "web", image: "nginx", bogus: 1 }] } };

describe("strict decoding and the kubernetes-models loader", () => {
  it("with the real loader, an unknown field is reported", () => {
    expect(decodeStrict(pod, kindFor("v1", "Pod")!)).toBeDefined();
  });

  it("a loader that throws makes decoding throw, naming the module", () => {
    restore = replaceModelLoader(() => {
      throw new Error("Cannot find module 'kubernetes-models/v1/Pod'");
    });
    expect(() => decodeStrict(pod, kindFor("v1", "Pod")!)).toThrow(/cannot load the schema of v1\/Pod from kubernetes-models\/v1\/Pod .*Cannot find module/);
  });

  it("a module without the kind's class makes decoding throw too", () => {
    restore = replaceModelLoader(() => ({}));
    expect(() => decodeStrict(pod, kindFor("v1", "Pod")!)).toThrow(/does not export Pod/);
  });
});
