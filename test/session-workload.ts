/**
 * A long, mixed learner session for the snapshot round trip (issue 5 §1: "run 200 mixed
 * commands, snapshot, restore in a fresh process, run 50 more; output identical to an
 * unbroken run"): kubectl create/apply/scale/label/delete/config, sim clock and contexts,
 * cd/export/echo into scratch files, ssh to a node and back. Deterministic: no wall-clock
 * commands (`date`, `ls -l`).
 */
export function sessionWorkload(total: number): string[] {
  const lines: string[] = ["mkdir -p /root/work && cd /root/work", "sim context add k8s-c2 --preset bare", "kubectl create namespace dev"];
  const templates: ((i: number) => string[])[] = [
    (i) => [`kubectl create deployment web${i} --image=nginx:1.27 --replicas=${1 + (i % 3)}`],
    (i) => [`kubectl scale deploy web${Math.max(0, i - 3)} --replicas=${2 + (i % 2)}`],
    (i) => [`kubectl label deploy web${Math.max(0, i - 2)} tier=t${i} --overwrite`],
    (i) => [`export STEP=${i} NAME_${i}=v${i}`, `echo "step $STEP at $(pwd)" > note${i}.txt`, `cat note${i}.txt`],
    (i) => [`sim clock advance ${10 + (i % 5) * 10}s`, "kubectl get deploy"],
    (i) => [`cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm${i}\ndata:\n  step: "${i}"\nEOF`],
    (i) => (i % 4 === 0 ? ["ssh node01", "ls /etc/kubernetes", "cat /etc/hostname", "exit"] : [`kubectl get cm cm${Math.max(0, i - 5)} -o jsonpath='{.data.step}'`]),
    (i) => (i % 3 === 0 ? ["kubectl config set-context --current --namespace=dev", "kubectl get pods"] : ["kubectl config set-context --current --namespace=default"]),
    (i) => [`kubectl --context k8s-c2 create configmap c2-${i} --from-literal=i=${i}`, "kubectl --context k8s-c2 get cm -o name"],
    (i) => (i % 5 === 0 ? [`kubectl delete deploy web${Math.max(0, i - 6)}`] : [`mkdir -p d${i % 7} && cd d${i % 7} && pwd && cd ..`]),
    () => ["kubectl get pods -o wide", "echo $? $STEP", "history | tail -n 2"],
    () => ["kubectl config get-contexts", "ls"],
  ];
  for (let i = 0; lines.length < total; i++) {
    for (const line of templates[i % templates.length]!(i)) if (lines.length < total) lines.push(line);
  }
  return lines;
}
