// `kubectl describe pv|pvc|sc` against the default cluster. Expected texts are written from
// kubectl 1.32's describePersistentVolume, describePersistentVolumeClaim (printPersistentVolumeClaim,
// printPodsMultiline "Used By") and StorageClassDescriber (staging/src/k8s.io/kubectl/pkg/describe/
// describe.go), run through Go's tabwriter (padding 2).
import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";

const CLAIM = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: nginx:1.27
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
`;

describe("kubectl describe for storage", () => {
  it("describe sc local-path: IsDefaultClass, annotations as k=v, <unset> expansion", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl describe sc local-path");
    expect(r.stdout).toBe(
      [
        "Name:                  local-path",
        "IsDefaultClass:        Yes",
        "Annotations:           storageclass.kubernetes.io/is-default-class=true",
        "Provisioner:           rancher.io/local-path",
        "Parameters:            <none>",
        "AllowVolumeExpansion:  <unset>",
        "MountOptions:          <none>",
        "ReclaimPolicy:         Delete",
        "VolumeBindingMode:     WaitForFirstConsumer",
        "Events:                <none>",
        "",
      ].join("\n"),
    );
  });

  it("describe pvc and pv of a provisioned claim: Used By, finalizers, node affinity term, hostPath source, events", async () => {
    const s = kubectlSession();
    await s.run(`cat > claim.yaml <<'EOF'\n${CLAIM}EOF`);
    await s.run("kubectl apply -f claim.yaml");
    await s.run("sleep 5");
    const pv = (await s.run("kubectl get pvc data -o jsonpath={.spec.volumeName}")).stdout;
    const node = (await s.run("kubectl get pod app -o jsonpath={.spec.nodeName}")).stdout;
    expect(pv).toMatch(/^pvc-[0-9a-f-]{36}$/);
    const claim = (await s.run("kubectl describe pvc data")).stdout;
    expect(claim.split("\n").slice(0, 17)).toEqual([
      "Name:          data",
      "Namespace:     default",
      "StorageClass:  local-path",
      "Status:        Bound",
      `Volume:        ${pv}`,
      "Labels:        <none>",
      "Annotations:   pv.kubernetes.io/bind-completed: yes",
      "               pv.kubernetes.io/bound-by-controller: yes",
      "               volume.beta.kubernetes.io/storage-provisioner: rancher.io/local-path",
      `               volume.kubernetes.io/selected-node: ${node}`,
      "               volume.kubernetes.io/storage-provisioner: rancher.io/local-path",
      "Finalizers:    [kubernetes.io/pvc-protection]",
      "Capacity:      1Gi",
      "Access Modes:  RWO",
      "VolumeMode:    Filesystem",
      "Used By:       app",
      "Events:",
    ]);
    expect(claim).toMatch(/Normal  ProvisioningSucceeded +\d+s +rancher\.io\/local-path_local-path-provisioner +Successfully provisioned volume pvc-/);
    const volume = (await s.run(`kubectl describe pv ${pv}`)).stdout;
    expect(volume).toBe(
      [
        `Name:              ${pv}`,
        "Labels:            <none>",
        `Annotations:       local.path.provisioner/selected-node: ${node}`,
        "                   pv.kubernetes.io/provisioned-by: rancher.io/local-path",
        "Finalizers:        [kubernetes.io/pv-protection]",
        "StorageClass:      local-path",
        "Status:            Bound",
        "Claim:             default/data",
        "Reclaim Policy:    Delete",
        "Access Modes:      RWO",
        "VolumeMode:        Filesystem",
        "Capacity:          1Gi",
        "Node Affinity:     ",
        "  Required Terms:  ",
        `    Term 0:        kubernetes.io/hostname in [${node}]`,
        "Message:           ",
        "Source:",
        "    Type:          HostPath (bare host directory volume)",
        `    Path:          /opt/local-path-provisioner/${pv}_default_data`,
        "    HostPathType:  DirectoryOrCreate",
        "Events:            <none>",
        "",
      ].join("\n"),
    );
  });

  it("get pv and pvc: kubectl 1.32's columns, access modes abbreviated", async () => {
    const s = kubectlSession();
    await s.run(`cat > claim.yaml <<'EOF'\n${CLAIM}EOF`);
    await s.run("kubectl apply -f claim.yaml");
    await s.run("sleep 5");
    const pvc = (await s.run("kubectl get pvc -o wide")).stdout.split("\n");
    expect(pvc[0]).toMatch(/^NAME +STATUS +VOLUME +CAPACITY +ACCESS MODES +STORAGECLASS +VOLUMEATTRIBUTESCLASS +AGE +VOLUMEMODE$/);
    expect(pvc[1]).toMatch(/^data +Bound +pvc-\S+ +1Gi +RWO +local-path +<unset> +\d+s +Filesystem$/);
    const pv = (await s.run("kubectl get pv")).stdout.split("\n");
    expect(pv[0]).toMatch(/^NAME +CAPACITY +ACCESS MODES +RECLAIM POLICY +STATUS +CLAIM +STORAGECLASS +VOLUMEATTRIBUTESCLASS +REASON +AGE$/);
    expect(pv[1]).toMatch(/^pvc-\S+ +1Gi +RWO +Delete +Bound +default\/data +local-path +<unset> +\d+s$/);
  });
});
