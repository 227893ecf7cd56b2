// --field-selector as the API server answers it (kubernetes 1.32): each kind accepts only the fields
// its field label conversion func lists (pkg/apis/core/v1/conversion.go, pkg/apis/batch/v1/conversion.go;
// apimachinery's DefaultMetaV1FieldSelectorConversion for the rest), with the values its strategy's
// ToSelectableFields computes. The refusal is a BadRequest that kubectl words through cli-runtime's
// EnhanceListError: `Unable to find "GROUP/VERSION, Resource=PLURAL" that match label selector "...",
// field selector "...": MESSAGE`.
import { describe, expect, it } from "vitest";
import { kubectlSession } from "./testing.js";

const refused = (resource: string, label: string, field: string, message: string) =>
  `Error from server (BadRequest): Unable to find "${resource}" that match label selector "${label}", field selector "${field}": ${message}\n`;

describe("field selectors the API server refuses", () => {
  it("a pod field the pod strategy does not index (core/v1 Pod conversion: 'field label not supported')", async () => {
    const r = await kubectlSession().run("kubectl get pods --field-selector spec.containers.image=nginx");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(refused("/v1, Resource=pods", "", "spec.containers.image=nginx", "field label not supported: spec.containers.image"));
  });

  it("a kind without its own conversion func accepts only metadata.name and metadata.namespace", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl get deployments -l app=web --field-selector status.replicas=1");
    expect(r.stderr).toBe(
      refused("apps/v1, Resource=deployments", "app=web", "status.replicas=1", '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'),
    );
    expect((await s.run("kubectl get deploy -A --field-selector metadata.name=coredns -o name")).stdout).toBe("deployment.apps/coredns\n");
  });

  it("Jobs have their own wording and status.successful (batch/v1 conversion)", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl get jobs --field-selector status.active=1")).stderr).toBe(
      refused("batch/v1, Resource=jobs", "", "status.active=1", 'field label "status.active" not supported for Job'),
    );
    expect((await s.run("kubectl get jobs --field-selector status.successful=0")).stderr).toBe("No resources found in default namespace.\n");
  });

  it("nodes index no metadata.namespace; namespaces neither", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl get nodes --field-selector metadata.namespace=default")).stderr).toBe(
      refused("/v1, Resource=nodes", "", "metadata.namespace=default", "field label not supported: metadata.namespace"),
    );
    expect((await s.run("kubectl get ns --field-selector metadata.namespace=x")).exitCode).toBe(1);
  });

  it("delete refuses it the same way and deletes nothing", async () => {
    const s = kubectlSession();
    await s.run("kubectl run web --image=nginx");
    const r = await s.run("kubectl delete pods --field-selector spec.image=nginx");
    expect(r.stderr).toBe(refused("/v1, Resource=pods", "", "spec.image=nginx", "field label not supported: spec.image"));
    expect((await s.run("kubectl get pods -o name")).stdout).toBe("pod/web\n");
  });
});

describe("field values as the strategies' ToSelectableFields compute them", () => {
  it("spec.hostNetwork is false when unset; spec.host is the old name of spec.nodeName", async () => {
    const s = kubectlSession();
    await s.run("kubectl run web --image=nginx");
    await s.run("sleep 10");
    expect((await s.run("kubectl get pods --field-selector spec.hostNetwork=false -o name")).stdout).toBe("pod/web\n");
    const node = (await s.run("kubectl get pod web -o jsonpath={.spec.nodeName}")).stdout;
    expect((await s.run(`kubectl get pods --field-selector spec.host=${node} -o name`)).stdout).toBe("pod/web\n");
    const ip = (await s.run("kubectl get pod web -o jsonpath={.status.podIP}")).stdout;
    expect((await s.run(`kubectl get pods --field-selector status.podIP=${ip},status.phase=Running -o name`)).stdout).toBe("pod/web\n");
  });

  it("spec.unschedulable reads false until a node is cordoned", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl get nodes --field-selector spec.unschedulable=true -o name")).stderr).toBe("No resources found\n");
    await s.run("kubectl cordon node01");
    expect((await s.run("kubectl get nodes --field-selector spec.unschedulable=true -o name")).stdout).toBe("node/node01\n");
    expect((await s.run("kubectl get nodes --field-selector spec.unschedulable!=true -o name")).stdout).not.toContain("node01");
  });

  it("events by reason, involvedObject and source (the component); secrets by type", async () => {
    const s = kubectlSession();
    await s.run("kubectl run web --image=nginx");
    await s.run("sleep 10");
    const r = await s.run("kubectl get events --field-selector involvedObject.name=web,reason=Scheduled,source=default-scheduler -o jsonpath={.items[*].reason}");
    expect(r.stdout).toBe("Scheduled");
    await s.run("kubectl create secret generic s --from-literal=a=b");
    expect((await s.run("kubectl get secrets --field-selector type=Opaque -o name")).stdout).toBe("secret/s\n");
  });
});
