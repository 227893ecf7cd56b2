// The registries hold the real tag sets (official images: docker-library/official-images'
// library files over their history) and nothing else: a made-up tag fails as containerd fails.
import { describe, expect, it } from "vitest";
import { pullImage } from "./images.js";
import { allRepositoryTags, lookupTag } from "./tags.js";

describe("catalog tags", () => {
  it("every listed tag of every repository pulls", () => {
    let count = 0;
    const failed: string[] = [];
    for (const { repository, tags } of allRepositoryTags()) {
      for (const tag of tags) {
        if (!pullImage(`${repository}:${tag}`).ok) failed.push(`${repository}:${tag}`);
        count++;
      }
    }
    expect(failed).toEqual([]);
    expect(count).toBeGreaterThan(50_000);
    expect(allRepositoryTags().filter((r) => r.repository.startsWith("docker.io/library/")).length).toBeGreaterThanOrEqual(50);
  });

  it.each(["nginx:1.18.0", "nginx:1.19.8", "nginx:1.24.0", "nginx:1.14.2", "busybox:1.36.1", "busybox:1.28", "alpine:3.17.3", "perl:5.34", "python:3.8-slim-buster", "node:18-alpine", "mysql:5.7", "centos:7", "registry.k8s.io/pause:3.10", "registry.k8s.io/e2e-test-images/agnhost:2.39", "curlimages/curl", "nicolaka/netshoot", "kodekloud/webapp-color:v1", "gcr.io/google-samples/hello-app:1.0"])(
    "tutorial image %s pulls",
    (ref) => expect(pullImage(ref).ok).toBe(true),
  );

  it("a made-up tag of a real repository fails with containerd's not found", () => {
    expect(pullImage("nginx:1.18.99")).toEqual({
      ok: false,
      message: 'failed to pull and unpack image "docker.io/library/nginx:1.18.99": failed to resolve reference "docker.io/library/nginx:1.18.99": docker.io/library/nginx:1.18.99: not found',
    });
    expect(pullImage("busybox:1.36.9").ok).toBe(false);
  });

  it("a repository that does not exist fails with pull access denied", () => {
    const outcome = pullImage("ngnix:1.27");
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.message).toContain("pull access denied, repository does not exist or may require authorization");
  });

  it("bitnami's versioned tags moved to bitnamilegacy (bitnami/containers#83267)", () => {
    expect(pullImage("bitnami/kubectl:1.32").ok).toBe(false);
    expect(pullImage("bitnamilegacy/kubectl:1.32").ok).toBe(true);
  });

  it("aliases of one image share a digest; other images do not", () => {
    const digest = (ref: string) => { const o = pullImage(ref); return o.ok ? o.digest : ""; };
    expect(lookupTag("docker.io/library/nginx", "latest").group).toBe(lookupTag("docker.io/library/nginx", "mainline").group);
    expect(digest("nginx")).toBe(digest("nginx:mainline"));
    expect(digest("nginx")).not.toBe(digest("nginx:1.18.0"));
    expect(digest("nginx")).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
