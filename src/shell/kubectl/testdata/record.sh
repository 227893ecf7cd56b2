#!/bin/sh
# Re-records the golden files in this folder with the real kubectl 1.32 client.
# Everything here runs without a cluster: --help, --dry-run=client, and
# client-side errors. Note: /usr/bin/kubectl on the recording machine is the
# Google Cloud SDK "dispatcher" build, whose entry point prints errors as
# "Error: ..." (cobra/component-base cli.Run) where upstream kubectl's main
# prints "error: ..." via cmdutil.CheckErr; the tests normalise that one word.
cd "$(dirname "$0")"
# `kubectl run` and `apply --dry-run=client` need API discovery even on the client:
# point KUBECTL at a server that only answers discovery (see fake-discovery.py).
K=${KUBECTL:-/usr/bin/kubectl -s http://127.0.0.1:18080}
export KUBECONFIG=/dev/null
for v in get describe run apply delete scale label logs version api-resources cluster-info \
  "create" "create deployment" "create namespace" "create configmap" "create secret generic" "create secret" \
  "config current-context" "config get-contexts" "config" \
  taint cordon uncordon drain expose set "set image" rollout "rollout status" "rollout history" "rollout undo" "rollout restart" \
  "create service" "create service clusterip" "create service nodeport"; do
  f=$(echo "$v" | tr ' ' '-')
  $K $v --help > "help/$f.txt"
done
$K --help > help/kubectl.txt
$K options > help/options.txt

# Objects made on the client.
$K run nginx --image=nginx --dry-run=client -o yaml > run-nginx.yaml.golden
$K run web --image=nginx:1.27 --labels=app=web,tier=fe --env=A=1 --env=B=two --port=80 --restart=Never --dry-run=client -o yaml > run-full.yaml.golden
$K run bb --image=busybox --command --dry-run=client -o yaml -- sleep 3600 > run-command.yaml.golden
$K run bb --image=busybox --dry-run=client -o yaml -- sleep 3600 > run-args.yaml.golden
$K run bb --image=busybox --dry-run=client -o json > run-bb.json.golden
$K create deployment web --image=nginx --replicas=3 --port=80 --dry-run=client -o yaml > create-deployment-port.yaml.golden
$K create deployment multi --image=nginx --image=redis:7 --dry-run=client -o yaml > create-deployment-multi.yaml.golden
$K create namespace dev --dry-run=client -o yaml > create-namespace.yaml.golden
$K create configmap cfg --from-literal=a=1 --from-file=files/app.conf --from-file=k=files/app.conf --dry-run=client -o yaml > create-configmap-files.yaml.golden
$K create configmap dir --from-file=files --dry-run=client -o yaml > create-configmap-dir.yaml.golden
$K create configmap env --from-env-file=files/app.env --dry-run=client -o yaml > create-configmap-env.yaml.golden
$K create secret generic s --from-literal=user=admin --from-file=files/app.conf --dry-run=client -o yaml > create-secret-generic.yaml.golden
$K create deployment web --image=nginx --dry-run=client > create-deployment.dryrun.golden
$K run nginx --image=nginx --dry-run=client > run.dryrun.golden
$K create namespace dev --dry-run=client -o name > create-namespace.name.golden

# Client-side errors: "<file>.err" holds stderr, then "exit=<code>".
err() { name=$1; shift; "$@" > /dev/null 2> "errors/$name.err"; echo "exit=$?" >> "errors/$name.err"; }
mkdir -p errors
err unknown-flag $K get --foo
err unknown-shorthand $K get -z
err run-no-image $K run x
err run-no-name $K run --image=nginx
err create-deploy-no-image $K create deployment x
err create-deploy-no-name $K create deployment --image=nginx
err unknown-command /usr/bin/kubectl foo
err typo-command /usr/bin/kubectl gte
err dry-run-bare $K run x --image=nginx --dry-run -o yaml
err dry-run-bad $K run x --image=nginx --dry-run=maybe
err replicas-bad $K create deployment x --image=nginx --replicas=abc
err flag-needs-arg $K get pods -n
err apply-mapping $K apply -f manifests/mapping.yaml --dry-run=client
err apply-tab $K apply -f manifests/tab.yaml --dry-run=client
err apply-indent $K apply -f manifests/indent.yaml --dry-run=client
err apply-nofile $K apply -f manifests/missing.yaml --dry-run=client
err apply-nokind $K apply -f manifests/nokind.yaml --dry-run=client
err apply-badjson $K apply -f manifests/bad.json --dry-run=client
err apply-no-f $K apply
err configmap-bad-literal $K create configmap c --from-literal=novalue --dry-run=client
err logs-no-args $K logs
err scale-no-replicas $K scale deployment web
err label-no-args $K label pods
err output-bad $K run x --image=nginx --dry-run=client -o foo
err apply-unknown-kind $K apply -f manifests/foo.yaml --dry-run=client --validate=false
$K apply -f manifests/multi.yaml --validate=false --dry-run=client > apply-multi.dryrun.golden
$K apply -f manifests/multi.yaml --validate=false --dry-run=client -o name > apply-multi.name.golden
err get-no-type $K get
err get-unknown-type $K get foo
err get-mixed $K get pods pod/x
err describe-no-type $K describe
err delete-no-args $K delete
err delete-all-and-names $K delete pods x --all
err scale-no-args $K scale --replicas=2
err create-no-args $K create
err create-unknown-sub $K create foo
err config-unknown-sub $K config foo
