/**
 * The environment: several clusters by kubeconfig context under one clock,
 * and a JSON snapshot that restores exactly (issue 5 §1; the exam's
 * multi-cluster tasks: https://docs.linuxfoundation.org/tc-docs/certification/tips-cka-and-ckad).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONTEXT, Environment } from "./environment.js";

describe("Environment", () => {
  it("starts with kubeadm's one context and adds clusters reachable by name", () => {
    const env = new Environment("default");
    expect(env.contexts().map((c) => c.context)).toEqual([DEFAULT_CONTEXT]);
    expect(env.addContext("k8s-c2", "bare")).toEqual({ ok: true });
    expect(env.addContext("k8s-c2", "bare")).toEqual({ ok: false, message: 'context "k8s-c2" already exists' });
    expect(env.addContext("x", "nope").ok).toBe(false);
    expect(env.useContext("k8s-c2")).toEqual({ ok: true });
    expect(env.world).toBe(env.context("k8s-c2")!.world);
    expect(env.useContext("nope")).toEqual({ ok: false, message: 'no context exists with the name: "nope"' });
  });

  it("keeps one clock: time that passes in one cluster passes in all", () => {
    const env = new Environment("default");
    env.addContext("c2", "default");
    env.context(DEFAULT_CONTEXT)!.world.advance(90);
    env.catchUp();
    expect(env.context("c2")!.world.clock.now()).toBe(env.context(DEFAULT_CONTEXT)!.world.clock.now());
    env.settle();
    expect(env.context("c2")!.world.clock.now()).toBe(env.context(DEFAULT_CONTEXT)!.world.clock.now());
  });

  it("refuses a snapshot of another version", () => {
    const snapshot = { ...new Environment().snapshot(), snapshotVersion: 99 };
    expect(() => Environment.restore(snapshot)).toThrow(/version 99/);
  });
});

