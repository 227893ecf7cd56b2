/**
 * ServiceAccount admission and mirror pods, as plugin/pkg/admission/serviceaccount/admission.go:
 * Admit returns Validate for a pod with `kubernetes.io/config.mirror` ("Don't modify the spec of
 * mirror pods"), and Validate forbids such a pod to name a service account.
 */
import { describe, expect, it } from "vitest";
import { Clock } from "../../../core/clock.js";
import { Rng } from "../../../core/random.js";
import { ServiceAllocator } from "../../allocators.js";
import { kindNamed } from "../../kinds.js";
import { ApiServer } from "../../server.js";
import { ObjectStore } from "../../store.js";
import { admission } from "../index.js";
import { createWorld } from "../../../world/create.js";

type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const POD = kindNamed("Pod")!;

function server() {
  const store = new ObjectStore();
  const rng = new Rng(3);
  const api = new ApiServer(store, new Clock(), rng, admission, new ServiceAllocator(store, rng));
  api.create(kindNamed("Namespace")!, { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } }, undefined);
  return api;
}

const mirror = (spec: AnyObj = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "static-web-node01", annotations: { "kubernetes.io/config.mirror": "abc", "kubernetes.io/config.hash": "abc" } },
  spec: { nodeName: "node01", containers: [{ name: "c", image: "nginx" }], ...spec },
});

describe("ServiceAccount admission skips mirror pods", () => {
  it("a mirror pod gets no service account", () => {
    const r = server().create(POD, mirror(), "default");
    expect(r.ok).toBe(true);
    expect(r.ok && (r.value.spec as AnyObj).serviceAccountName).toBeUndefined();
    expect(r.ok && (r.value.spec as AnyObj).serviceAccount).toBeUndefined();
  });

  it("a mirror pod naming a service account is Forbidden in the plugin's words", () => {
    const r = server().create(POD, mirror({ serviceAccountName: "builder" }), "default");
    expect(!r.ok && [r.error.code, r.error.message]).toEqual([403, 'pods "static-web-node01" is forbidden: a mirror pod may not reference service accounts']);
  });

  it("the control plane's mirror pods in a fresh cluster run without a service account, an ordinary pod with default", () => {
    const world = createWorld("default");
    const scheduler = world.api.find(POD, "kube-system", "kube-scheduler-controlplane") as AnyObj | undefined;
    expect(scheduler?.metadata.annotations["kubernetes.io/config.mirror"]).toBeDefined();
    expect(scheduler?.spec.serviceAccountName).toBeUndefined();
    const r = world.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "c", image: "nginx" }] } }, "default");
    expect(r.ok && (r.value.spec as AnyObj).serviceAccountName).toBe("default");
  });
});
