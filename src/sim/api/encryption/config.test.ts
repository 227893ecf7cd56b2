/**
 * The EncryptionConfiguration loader against upstream: messages of
 * apiserver/pkg/apis/config/validation/validation.go and of encryptionconfig/config.go's loadConfig,
 * and the read/write rules of value.NewPrefixTransformers (apiserver/pkg/storage/value/transformer.go:
 * the first provider writes; every provider reads in order, identity skips encrypted data, an error
 * of a matching prefix is kept and the next provider tried; "stale" when not read by the first).
 * The doc: https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/
 */
import { describe, expect, it } from "vitest";
import { decodeStdBase64Length, loadEncryptionConfig, readStored, writePrefix, type EncryptionConfiguration } from "./config.js";
import { cipherLength, encryptedValue } from "./ciphertext.js";

const KEY32 = Buffer.alloc(32, 7).toString("base64");
const KEY16 = Buffer.alloc(16, 1).toString("base64");
const PATH = "/etc/kubernetes/enc/enc.yaml";

const file = (providers: string, resources = "      - secrets") => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
${resources}
    providers:
${providers}`;

function config(text: string): EncryptionConfiguration {
  const loaded = loadEncryptionConfig(PATH, text);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.config;
}

describe("loadEncryptionConfig (encryptionconfig/config.go, validation.go)", () => {
  it("a missing file: loadConfig's open error wrapped by LoadEncryptionConfig", () => {
    expect(loadEncryptionConfig(PATH, undefined)).toEqual({ ok: false, error: `error while parsing file: error opening encryption provider configuration file "${PATH}": open ${PATH}: no such file or directory` });
    expect(loadEncryptionConfig(PATH, "")).toEqual({ ok: false, error: `error while parsing file: encryption provider configuration file "${PATH}" is empty` });
  });

  it("a key of the wrong length: keyLenErrFmt with the decoded length, the secret REDACTED", () => {
    const loaded = loadEncryptionConfig(PATH, file(`      - aescbc:\n          keys:\n            - name: key1\n              secret: c2hvcnQ=`));
    expect(loaded).toEqual({ ok: false, error: 'error while parsing file: resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 5, expected one of [16 24 32]' });
    const box = loadEncryptionConfig(PATH, file(`      - secretbox:\n          keys:\n            - name: k\n              secret: ${KEY16}`));
    expect(box).toEqual({ ok: false, error: 'error while parsing file: resources[0].providers[0].secretbox.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 16, expected one of [32]' });
  });

  it("a secret that is not standard base64, a key without a name, no keys, no resources: their messages; several are aggregated in brackets", () => {
    expect(loadEncryptionConfig(PATH, file(`      - aesgcm:\n          keys:\n            - name: k\n              secret: not-base64!`))).toEqual({ ok: false, error: 'error while parsing file: resources[0].providers[0].aesgcm.keys[0].secret: Invalid value: "REDACTED": secrets must be base64 encoded' });
    expect(loadEncryptionConfig(PATH, file(`      - aescbc:\n          keys: []`))).toEqual({ ok: false, error: "error while parsing file: resources[0].providers[0].aescbc.keys: Required value: at least one keys is required" });
    expect(loadEncryptionConfig(PATH, file(`      - aescbc:\n          keys:\n            - secret: ${KEY32}\n      - identity: {}`, "      []"))).toEqual({
      ok: false,
      error: "error while parsing file: [resources[0].resources: Required value: at least one resources[0].resources is required, resources[0].providers[0].aescbc.keys[0].name: Required value: name is a mandatory field for a key]",
    });
  });

  it("a provider entry naming no known provider (a typo such as aesbc is dropped by the decoder)", () => {
    const loaded = loadEncryptionConfig(PATH, file(`      - aesbc:\n          keys:\n            - name: k\n              secret: ${KEY32}`));
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.error).toMatch(/^error while parsing file: resources\[0\]\.providers\[0\]: Invalid value: config\.ProviderConfiguration\{.*\}: provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity$/);
  });

  it("Go's StdEncoding: padding required", () => {
    expect(decodeStdBase64Length(KEY32)).toBe(32);
    expect(decodeStdBase64Length("YWJj")).toBe(3);
    expect(decodeStdBase64Length("YWI")).toBeUndefined();
  });
});

describe("writes and reads (value.NewPrefixTransformers)", () => {
  const aescbcThenIdentity = config(file(`      - aescbc:\n          keys:\n            - name: key1\n              secret: ${KEY32}\n            - name: key0\n              secret: ${KEY16}\n      - identity: {}`));
  const identityFirst = config(file(`      - identity: {}\n      - aescbc:\n          keys:\n            - name: key1\n              secret: ${KEY32}`));
  const aescbcOnly = config(file(`      - aescbc:\n          keys:\n            - name: key2\n              secret: ${KEY32}`));

  it("the first provider's first key writes; a resource the file does not list, or identity first, is stored plain", () => {
    expect(writePrefix(aescbcThenIdentity, "", "secrets")).toBe("k8s:enc:aescbc:v1:key1:");
    expect(writePrefix(aescbcThenIdentity, "", "configmaps")).toBe("");
    expect(writePrefix(identityFirst, "", "secrets")).toBe("");
    expect(writePrefix(config(file(`      - secretbox:\n          keys:\n            - name: s\n              secret: ${KEY32}`, "      - '*.*'")), "apps", "deployments")).toBe("k8s:enc:secretbox:v1:s:");
  });

  it("plain data is read by identity (stale when identity is not first); encrypted data by its key (stale when not the first key)", () => {
    expect(readStored(aescbcThenIdentity, "", "secrets", "")).toEqual({ ok: true, stale: true });
    expect(readStored(aescbcThenIdentity, "", "secrets", "k8s:enc:aescbc:v1:key1:")).toEqual({ ok: true, stale: false });
    expect(readStored(aescbcThenIdentity, "", "secrets", "k8s:enc:aescbc:v1:key0:")).toEqual({ ok: true, stale: true });
    // Decrypting away: identity first still reads the old aescbc data through the next provider.
    expect(readStored(identityFirst, "", "secrets", "k8s:enc:aescbc:v1:key1:")).toEqual({ ok: true, stale: true });
  });

  it("a key that is gone, or plain data without identity: the transformers' errors", () => {
    expect(readStored(aescbcOnly, "", "secrets", "k8s:enc:aescbc:v1:key1:")).toEqual({ ok: false, error: "no matching key was found for the provided AES transformer" });
    expect(readStored(aescbcOnly, "", "secrets", "")).toEqual({ ok: false, error: "no matching prefix found" });
    expect(readStored(aescbcOnly, "", "secrets", "k8s:enc:secretbox:v1:s:")).toEqual({ ok: false, error: "no matching prefix found" });
  });
});

describe("the stand-in ciphertext", () => {
  it("is deterministic, changes with the data, and is as long as the real one (aescbc: IV + padded blocks)", () => {
    const a = encryptedValue("/registry/secrets/default/s", "k8s:enc:aescbc:v1:key1:", '{"a":1}');
    expect(a).toBe(encryptedValue("/registry/secrets/default/s", "k8s:enc:aescbc:v1:key1:", '{"a":1}'));
    expect(a).not.toBe(encryptedValue("/registry/secrets/default/s", "k8s:enc:aescbc:v1:key1:", '{"a":2}'));
    expect(a.length).toBe("k8s:enc:aescbc:v1:key1:".length + 32);
    expect(cipherLength("k8s:enc:aescbc:v1:k:", 16)).toBe(48);
    expect(cipherLength("k8s:enc:aesgcm:v1:k:", 10)).toBe(38);
    expect(cipherLength("k8s:enc:secretbox:v1:k:", 10)).toBe(50);
  });
});
