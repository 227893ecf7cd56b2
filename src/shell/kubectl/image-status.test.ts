// containerd reports the image it resolved: a pod written with `nginx:1.18.0` shows
// `image: docker.io/library/nginx:1.18.0` and `imageID: docker.io/library/nginx@sha256:...`
// in status.containerStatuses once the container exists (kubelet's convertToAPIContainerStatuses
// copies the CRI ContainerStatus image); before that the spec's image is shown.
import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";
import { pullImage } from "../../sim/catalog/images.js";

describe("kubelet: image fields of container statuses", () => {
  it("a running container shows containerd's full image name and the image's digest", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl run web --image=nginx:1.18.0")).exitCode).toBe(0);
    s.world.advance(60);
    const out = await s.run("kubectl get pod web -o jsonpath='{.status.containerStatuses[0].image} {.status.containerStatuses[0].imageID}'");
    const pulled = pullImage("nginx:1.18.0");
    expect(pulled.ok).toBe(true);
    expect(out.stdout).toBe(`docker.io/library/nginx:1.18.0 docker.io/library/nginx@${pulled.ok ? pulled.digest : ""}`);
  });

  it("a container whose image does not exist keeps the spec's image and no imageID", async () => {
    const s = kubectlSession();
    await s.run("kubectl run bad --image=nginx:1.18.99");
    const out = await s.run("kubectl get pod bad -o jsonpath='{.status.containerStatuses[0].image}|{.status.containerStatuses[0].imageID}'");
    expect(out.stdout).toBe("nginx:1.18.99|");
  });
});
