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
for v in get describe edit run apply delete scale label logs version api-resources cluster-info \
  "create" "create deployment" "create namespace" "create configmap" "create secret generic" "create secret" \
  "config current-context" "config get-contexts" "config" "config view" "config set-context" "config get-clusters" \
  "config get-users" "config delete-context" "config rename-context" "config set" "config unset" \
  "config set-cluster" "config set-credentials" "config delete-cluster" "config delete-user" \
  taint cordon uncordon drain expose set "set image" rollout "rollout status" "rollout history" "rollout undo" "rollout restart" "rollout pause" "rollout resume" \
  "create service" "create service clusterip" "create service nodeport" "create job" "create cronjob" \
  annotate patch replace wait events explain diff "set env" "set resources" certificate "certificate approve" "certificate deny" cp completion kustomize "apply view-last-applied"; do
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
$K create job once --image=busybox --dry-run=client -o yaml -- echo hi > create-job.yaml.golden
$K create cronjob tick --image=busybox --schedule='*/5 * * * *' --dry-run=client -o yaml -- date > create-cronjob.yaml.golden
$K create cronjob tick --image=busybox --schedule='@hourly' --restart=Never --dry-run=client -o json > create-cronjob-never.json.golden
$K create configmap cfg --from-literal=a=1 --from-file=files/app.conf --from-file=k=files/app.conf --dry-run=client -o yaml > create-configmap-files.yaml.golden
$K create configmap dir --from-file=files --dry-run=client -o yaml > create-configmap-dir.yaml.golden
$K create configmap env --from-env-file=files/app.env --dry-run=client -o yaml > create-configmap-env.yaml.golden
$K create secret generic s --from-literal=user=admin --from-file=files/app.conf --dry-run=client -o yaml > create-secret-generic.yaml.golden
$K create deployment web --image=nginx --dry-run=client > create-deployment.dryrun.golden
$K create deployment web --image=busybox --port=80 --dry-run=client -o yaml -- sleep 3600 > create-deployment-command.yaml.golden
$K run nginx --image=nginx --dry-run=client > run.dryrun.golden
$K create namespace dev --dry-run=client -o name > create-namespace.name.golden
$K create deployment web --image=nginx --replicas=0x_1_0 --port=0o17 --dry-run=client -o yaml > create-deployment-go-ints.yaml.golden

# Client-side errors: "<file>.err" holds stderr, then "exit=<code>".
err() { name=$1; shift; "$@" > /dev/null 2> "errors/$name.err"; echo "exit=$?" >> "errors/$name.err"; }
mkdir -p errors
err unknown-flag $K get --foo
err unknown-shorthand $K get -z
err run-no-image $K run x
err run-no-name $K run --image=nginx
err create-deploy-no-image $K create deployment x
err completion-no-shell $K completion
err completion-bad-shell $K completion foo
err completion-two-args $K completion bash a
err create-deploy-images-and-command $K create deployment web --image=busybox --image=nginx --dry-run=client -- sleep 1
err create-deploy-no-name $K create deployment --image=nginx
err unknown-command /usr/bin/kubectl foo
# Integer flags: strconv.ParseInt(s, 0, 32|64) through pflag.
err int32-out-of-range $K create deployment web --image=nginx --replicas=2147483648
err int32-negative-out-of-range $K create deployment web --image=nginx --replicas=-2147483649
err int-bad-syntax $K create deployment web --image=nginx --replicas=1__0
err int64-out-of-range $K logs web --tail=9223372036854775808
# ParseUint stops at the first digit that overflows the unsigned bit size: range beats a later bad character.
err int32-out-of-range-before-bad-digit $K create deployment web --image=nginx --replicas=99999999999x
err int32-out-of-range-before-bad-underscore $K create deployment web --image=nginx --replicas=4294967296_
err int32-past-int32-bad-digit $K create deployment web --image=nginx --replicas=2147483648x
err int64-out-of-range-before-bad-digit $K logs web --tail=99999999999999999999z
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
# taint, cordon, uncordon, drain: the argument errors the client finds before it asks the server.
err taint-no-args $K taint
err taint-no-taint $K taint nodes node01
err taint-bad-effect $K taint nodes node01 a=b:Foo
err taint-no-effect $K taint nodes node01 a=b
err taint-bad-spec $K taint nodes node01 a=b=c:NoSchedule
err taint-duplicate $K taint nodes node01 a=b:NoSchedule a=c:NoSchedule
err taint-resource-after-taint $K taint nodes node01 a=b:NoSchedule x
err taint-pods $K taint pods x a=b:NoSchedule
err cordon-no-args $K cordon
err uncordon-no-args $K uncordon
err drain-no-args $K drain
err drain-name-and-selector $K drain -l a=b node01
err drain-bad-pod-selector $K drain node01 "--pod-selector=a=("
err drain-bad-timeout $K drain node01 --timeout=abc

# set image and rollout (client-side parts; the rest needs a server, see set.ts/rollout.ts for the upstream sources).
$K set image -f set-image-web.yaml nginx=nginx:1.27 --local -o yaml > set-image-local.yaml.golden
$K set image -f set-image-web.yaml '*=nginx:1.27' --local > set-image-local.name.golden
err set-image-no-args $K set image
err set-image-local-no-file $K set image deploy/web nginx=nginx:1.27 --local
err set-image-local-unknown $K set image -f set-image-web.yaml x=y nginx=nginx:1.27 z=w --local -o name
err set-image-local-server $K set image -f set-image-web.yaml nginx=nginx:1.27 --local --dry-run=server
err set-image-pair-order $K set image -f set-image-web.yaml nginx=nginx:1.27 bad --local
err rollout-status-no-args $K rollout status
err rollout-history-no-args $K rollout history
err rollout-undo-no-args $K rollout undo
err rollout-restart-no-args $K rollout restart
err rollout-status-bad-revision $K rollout status deploy/web --revision=-1
err rollout-history-bad-revision $K rollout history deploy/web --revision=-2
err rollout-status-bad-timeout $K rollout status deploy/web --timeout=abc

# create service clusterip|nodeport, and expose (expose -f reads the object from the file, no GET).
$K create service clusterip web --tcp=80:8080 --dry-run=client -o yaml > create-service-clusterip.yaml.golden
$K create service clusterip web --tcp=80:8080 --tcp=443:8443 --dry-run=client -o yaml > create-service-clusterip-multi.yaml.golden
$K create service clusterip web --tcp=80,443:https --dry-run=client -o yaml > create-service-clusterip-comma.yaml.golden
$K create service clusterip web --clusterip=None --dry-run=client -o yaml > create-service-headless.yaml.golden
$K create service nodeport web --tcp=80:8080 --node-port=30080 --dry-run=client -o yaml > create-service-nodeport.yaml.golden
$K create service nodeport web --tcp=80:8080 -n dev --dry-run=client -o json > create-service-nodeport.json.golden
$K create service clusterip web --tcp=80 --dry-run=client > create-service.dryrun.golden
err create-service-no-tcp $K create service clusterip web
err create-service-nodeport-no-tcp $K create service nodeport web
err create-service-bad-port $K create service clusterip web --tcp=abc
err create-service-port-range $K create service clusterip web --tcp=99999:80
err create-service-target-range $K create service clusterip web --tcp=80:0
err create-service-target-name $K create service clusterip web --tcp=80:Bad_Name
err create-service-no-name $K create service clusterip --tcp=80
err create-service-unknown-sub $K create service foo
err create-service-nodeport-clusterip $K create service nodeport web --clusterip=None --tcp=80
$K expose -f expose-deploy.yaml --dry-run=client -o yaml > expose-deploy-ports.yaml.golden
$K expose -f expose-deploy.yaml --port=8080 --target-port=80 --name=x --type=NodePort --dry-run=client -o yaml > expose-deploy-flags.yaml.golden
$K expose -f expose-deploy.yaml --port=8080 --dry-run=client -o json > expose-deploy-port.json.golden
$K expose -f expose-deploy.yaml --port=80 --selector=a=b,c=d --labels=x=y --dry-run=client -o yaml > expose-deploy-selector.yaml.golden
$K expose -f expose-deploy.yaml --port=80,81 --dry-run=client -o yaml > expose-deploy-portlist.yaml.golden
$K expose -f expose-deploy.yaml --port=80 --dry-run=client > expose.dryrun.golden
$K expose -f expose-pod.yaml --dry-run=client -o yaml > expose-pod-protocols.yaml.golden
$K expose -f expose-pod.yaml --protocol=SCTP --dry-run=client -o yaml > expose-pod-sctp.yaml.golden
$K expose -f expose-svc.yaml --dry-run=client -o yaml > expose-svc.yaml.golden
$K expose -f expose-noport.yaml --cluster-ip=None --dry-run=client -o yaml > expose-headless.yaml.golden
err expose-no-port $K expose -f expose-noport.yaml --dry-run=client
err expose-expressions $K expose -f expose-expr.yaml --dry-run=client
err expose-namespace $K expose -f expose-ns.yaml --port=80 --dry-run=client
err expose-bad-selector $K expose -f expose-deploy.yaml --port=80 --selector=a --dry-run=client
err expose-bad-labels $K expose -f expose-deploy.yaml --port=80 --labels=a --dry-run=client
err expose-bad-port $K expose -f expose-deploy.yaml --port=abc --dry-run=client
err expose-bad-affinity $K expose -f expose-deploy.yaml --port=80 --session-affinity=foo --dry-run=client
err expose-no-args $K expose
err expose-type-only $K expose deployment

# rollout against a fixed state: rollout-fixture.json is kadet's own deployment "web" after
# `create deployment web --image=nginx:1.26 --replicas=3`, `set image deployment/web nginx=nginx:1.27`
# and 60 s (see rollout.test.ts), served by rollout-fake-server.py. Re-dump it if the model changes.
python3 rollout-fake-server.py rollout-fixture.json 18437 2> /tmp/rollout-fake-server.log & FAKE=$!
sleep 1
R="/usr/bin/kubectl -s http://127.0.0.1:18437"
$R rollout history deployment/web > rollout-history.golden
$R rollout history deployment/web --revision=1 > rollout-history-rev1.golden
$R rollout status deployment/web > rollout-status-done.golden
$R rollout undo deployment/web --dry-run=client > rollout-undo-dry-run.golden
$R rollout undo deployment/web --to-revision=2 > rollout-undo-skipped.golden
$R rollout undo deployment/web > rollout-undo.golden
err rollout-undo-unknown-revision $R rollout undo deployment/web --to-revision=9
err set-image-unknown-container $R set image deploy/web x=y
$R rollout history deployment/web -o name > rollout-history.name.golden
err set-image-record $R set image deploy/web nginx=nginx:1.28 --record
kill $FAKE
# The change-cause annotation --record sent (the PATCH body the fake server logged).
grep -o '"kubernetes.io/change-cause":"[^"]*"' /tmp/rollout-fake-server.log > set-image-record.change-cause.golden

# RBAC (issue 10): `create role|clusterrole` and `auth can-i` need the mapper; run
# `python3 fake-discovery-rbac.py` (port 18081) first.
R="/usr/bin/kubectl -s http://127.0.0.1:18081"
for v in auth "auth can-i" "auth whoami" "create role" "create clusterrole" "create rolebinding" "create clusterrolebinding" "create serviceaccount" "create token"; do
  $R $v --help > "help/$(echo "$v" | tr ' ' '-').txt"
done
$R create role pod-reader --verb=get,list,watch --resource=pods --dry-run=client -o yaml > create-role.yaml.golden
$R create role r --verb=get --resource=pods,deployments.apps,pods/log,deployments/scale --resource-name=a --resource-name=b --dry-run=client -o yaml > create-role-multi.yaml.golden
$R create role x --verb=get,*,list --resource=* -n dev --dry-run=client -o yaml > create-role-star.yaml.golden
$R create clusterrole c --verb=get --non-resource-url=/healthz --non-resource-url=/logs/* --dry-run=client -o yaml > create-clusterrole-nonresource.yaml.golden
$R create clusterrole agg --aggregation-rule=foo=bar,a=b --dry-run=client -o yaml > create-clusterrole-agg.yaml.golden
$R create clusterrole pr --verb=get,list --resource=pods,nodes --dry-run=client -o yaml > create-clusterrole.yaml.golden
$R create rolebinding rb --role=pod-reader --user=jane --user=bob --group=devs --serviceaccount=default:bot -n dev --dry-run=client -o yaml > create-rolebinding.yaml.golden
$R create rolebinding rb --clusterrole=view --serviceaccount=prod:bot --dry-run=client -o yaml > create-rolebinding-clusterrole.yaml.golden
$R create clusterrolebinding crb --clusterrole=view --user=jane --group=g --serviceaccount=default:bot --dry-run=client -o yaml > create-clusterrolebinding.yaml.golden
$R create serviceaccount bot --dry-run=client -o yaml > create-serviceaccount.yaml.golden
$R create sa bot -n dev --dry-run=client -o yaml > create-serviceaccount-ns.yaml.golden
$R create rolebinding rb --role=r --dry-run=client > create-rolebinding.dryrun.golden
err create-role-no-verb $R create role x --resource=pods
err create-role-no-resource $R create role x --verb=get
err create-role-unknown-resource $R create role x --verb=get --resource=foo
err create-role-bind-pods $R create role x --verb=bind --resource=pods
err create-role-no-name $R create role --verb=get --resource=pods
err create-rolebinding-no-role $R create rolebinding rb --user=jane
err create-rolebinding-both $R create rolebinding rb --role=a --clusterrole=b
err create-rolebinding-bad-sa $R create rolebinding rb --role=a --serviceaccount=bot
err create-clusterrole-nonresource-verb $R create clusterrole c --verb=list --non-resource-url=/healthz
err create-clusterrole-agg-and-verb $R create clusterrole c --aggregation-rule=a=b --verb=get --resource=pods
err create-clusterrolebinding-no-role $R create clusterrolebinding crb --user=jane
err create-clusterrole-nonresource-bad $R create clusterrole c --verb=get --non-resource-url=healthz
err create-token-subsecond $R create token x --duration=1500ms
err create-token-negative $R create token x --duration=-1s
err create-token-bad-duration $R create token x --duration=abc
err create-token-no-name $R create token

# annotate (annotate.go): --local edits a file's objects on the client.
$K annotate --local -f annotate-pod.yaml description='my frontend' -o yaml > annotate-local.yaml.golden
$K annotate --local -f annotate-pod.yaml owner- --dry-run=client > annotate-local-remove.dryrun.golden
err annotate-no-update $K annotate pod x
err annotate-modify-and-remove $K annotate pod x a=1 a-
err annotate-no-resources $K annotate a=b
err annotate-all-and-selector $K annotate pods --all -l a=b x=y
err annotate-resource-after-pair $K annotate pod x a=1 pod y
err annotate-overwrite-false $K annotate --local -f annotate-pod.yaml owner=b
err annotate-local-and-resource $K annotate --local pod x a=b

# patch (patch.go): --local applies strategic/merge/json patches on the client.
P() { name=$1; shift; $K patch --local -f patch-deploy.yaml -o yaml "$@" > "patch-$name.yaml.golden"; }
P add-container -p '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"redis"}]}}}}'
P merge-env -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"LEVEL","value":"debug"},{"name":"NEW","value":"1"}]}]}}}}'
P delete-env -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"MODE","$patch":"delete"}]}]}}}}'
P ports -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","ports":[{"containerPort":443,"name":"https"}]}]}}}}'
P volumes -p '{"spec":{"template":{"spec":{"volumes":[{"name":"cache","emptyDir":{}}]}}}}'
P tolerations-replace -p '{"spec":{"template":{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}}}'
P null-deletes -p '{"metadata":{"labels":{"app":null}},"spec":{"replicas":null}}'
P replace-directive -p '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"nginx"},{"$patch":"replace"}]}}}}'
P finalizers -p '{"metadata":{"finalizers":["example.com/b"]}}'
P delete-primitive -p '{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/a"]}}'
P yaml-patch -p 'spec: {replicas: 5}'
P merge-type --type merge -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}'
P json-type --type json -p '[{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/spec/template/spec/containers/0/env/-","value":{"name":"X","value":"y"}},{"op":"remove","path":"/metadata/labels/app"}]'
P setorder -p '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"log"},{"name":"web"}],"containers":[{"name":"web","image":"nginx:1.28"}]}}}}'
$K patch --local -f patch-deploy.yaml -p '{"spec":{"replicas":2}}' > patch-nochange.golden
$K patch --local -f patch-deploy.yaml -p '{"spec":{"replicas":3}}' > patch-change.golden
err patch-no-patch $K patch deploy web
err patch-bad-type $K patch deploy web --type foo -p '{}'
err patch-bad-json $K patch --local -f patch-deploy.yaml -p '{"spec":'
err patch-json-not-list $K patch --local -f patch-deploy.yaml --type json -p '{"op":"add"}'
err patch-json-remove-missing $K patch --local -f patch-deploy.yaml --type json -p '[{"op":"remove","path":"/metadata/annotations/x"}]'
err patch-json-test-fails $K patch --local -f patch-deploy.yaml --type json -p '[{"op":"test","path":"/spec/replicas","value":9}]'
err patch-json-bad-op $K patch --local -f patch-deploy.yaml --type json -p '[{"op":"frob","path":"/spec/replicas"}]'
err patch-local-no-file $K patch --local deploy web -p '{}'
err patch-both $K patch deploy web -p '{}' --patch-file x.json
err patch-no-args $K patch -p '{}'
err patch-json-add-index $K patch --local -f patch-deploy.yaml --type json -p '[{"op":"add","path":"/spec/template/spec/containers/5","value":{}}]'
err patch-json-replace-missing-parent $K patch --local -f patch-deploy.yaml --type json -p '[{"op":"replace","path":"/spec/foo/bar","value":1}]'
err patch-json-remove-key $K patch --local -f patch-deploy.yaml --type json -p '[{"op":"remove","path":"/spec/nope"}]'

# replace (replace.go): the checks made before any request.
err replace-no-file $K replace pod x
err replace-grace-no-force $K replace -f annotate-pod.yaml --grace-period=3
err replace-timeout-no-force $K replace -f annotate-pod.yaml --timeout=3s
err replace-force-dry-run $K replace -f annotate-pod.yaml --force --dry-run=server
$K replace -f annotate-pod.yaml --validate=false --dry-run=client -o yaml > replace-dry-run.yaml.golden

# -o go-template (kubectl/pkg/printers/template.go) on an object made on the client.
C="$K create deployment web --image=nginx --replicas=2 --dry-run=client"
$C -o go-template='{{.kind}} {{.metadata.name}} {{range .spec.template.spec.containers}}{{.image}}{{end}} {{.nope}} {{.nope.deeper}} {{.spec.replicas}}{{"\n"}}' > go-template-fields.golden
$C -o go-template='{{len .spec.template.spec.containers}} {{index .metadata.labels "app"}} {{printf "%05d" .spec.replicas}} {{base64decode "aGk="}} {{exists . "spec" "replicas"}} {{exists . "spec" "nope"}} {{.metadata.labels}}' > go-template-funcs.golden
err go-template-unclosed $C -o go-template='{{.kind'
err go-template-no-template $C -o go-template
err go-template-docker-func $C -o go-template='{{json .kind}}'
err go-template-exec-error $C -o go-template='{{index .spec 3}}'

# set env (set_env.go) with --local on the patch fixture.
L="$K set env --local -f patch-deploy.yaml"
$L MODE=dev NEW=1 -o yaml > set-env-local.yaml.golden
$L LEVEL- -c web -o yaml > set-env-remove.yaml.golden
$L --list > set-env-list.golden
$L X=1 > set-env-local.golden
err set-env-no-overwrite $L MODE=x --overwrite=false
err set-env-bad-key $L 'bad key=1'
err set-env-no-resources $K set env A=1
err set-env-keys-no-from $K set env deploy/web --keys=a
err set-env-list-output $K set env deploy/web --list -o yaml

# set resources (set_resources.go) with --local on the patch fixture.
L="$K set resources --local -f patch-deploy.yaml"
$L -c web --limits=cpu=0.5,memory=512Mi --requests=cpu=100m -o yaml > set-resources-local.yaml.golden
$L --limits=memory=1Gi > set-resources-local.golden
err set-resources-none $L
err set-resources-bad-quantity $L --limits=cpu=abc
err set-resources-bad-syntax $L --limits=cpu
err set-resources-no-container $L -c nope --limits=cpu=1

# wait (wait.go): the --for forms refused on the client.
err wait-no-for $K wait pod/x
err wait-bad-for $K wait pod/x --for=foo
err wait-jsonpath-empty $K wait pod/x --for=jsonpath=
err wait-jsonpath-bad $K wait pod/x --for=jsonpath='{.status'=x
err wait-no-resources $K wait --for=delete
err wait-bad-timeout $K wait pod/x --for=delete --timeout=abc

# kubectl create quota (create_quota.go).
$K create quota --help > help/create-quota.txt
$K create quota my-quota --hard=cpu=1,memory=1G,pods=2,services=3,replicationcontrollers=2,resourcequotas=1,secrets=5,persistentvolumeclaims=10 --dry-run=client -o yaml > create-quota.yaml.golden
$K create quota best-effort --hard=pods=100 --scopes=BestEffort --dry-run=client -o yaml > create-quota-scopes.yaml.golden
$K create quota q --hard=memory=1.5Gi,requests.storage=1024Mi -n dev --dry-run=client -o yaml > create-quota-ns.yaml.golden
$K create quota q --hard=pods=1,cpu=500m --scopes=NotTerminating,NotBestEffort --dry-run=client -o json > create-quota.json.golden
$K create quota q --dry-run=client -o yaml > create-quota-empty.yaml.golden
err create-quota-syntax $K create quota q --hard=pods
err create-quota-quantity $K create quota q --hard=pods=abc
err create-quota-scope $K create quota q --hard=pods=1 --scopes=BestEffort,

# kubectl create poddisruptionbudget (create_pdb.go).
$K create poddisruptionbudget --help > help/create-poddisruptionbudget.txt
$K create pdb my-pdb --selector=app=rails --min-available=1 --dry-run=client -o yaml > create-pdb.yaml.golden
$K create poddisruptionbudget web --selector='app=nginx,tier in (a,b),!legacy' --max-unavailable=50% -n prod --dry-run=client -o yaml > create-pdb-max.yaml.golden
$K create pdb web --selector=app=web --min-available=50% --dry-run=client -o json > create-pdb.json.golden
err create-pdb-no-selector $K create pdb x --min-available=1
err create-pdb-no-budget $K create pdb x --selector=app=a
err create-pdb-both $K create pdb x --selector=app=a --min-available=1 --max-unavailable=1
err create-pdb-bad-min $K create pdb x --selector=app=a --min-available=abc
err create-pdb-bad-max $K create pdb x --selector=app=a --max-unavailable=-1
err create-pdb-not-equal $K create pdb x --selector=app!=a --min-available=1
err create-pdb-no-name $K create pdb --selector=app=a --min-available=1

# Autoscaling (issue 11): `kubectl autoscale` reads the target and its scale subresource from
# discovery; rollout-fake-server.py with `autoscaling` serves rollout-fixture.json's Deployment "web" with both.
for v in autoscale top "top pod" "top node"; do
  $K $v --help > "help/$(echo "$v" | tr ' ' '-').txt"
done
python3 rollout-fake-server.py rollout-fixture.json 18438 autoscaling 2>/dev/null & AFAKE=$!
sleep 1
A="/usr/bin/kubectl -s http://127.0.0.1:18438 --cache-dir=$(mktemp -d)"
$A autoscale deployment web --min=2 --max=5 --cpu-percent=50 --dry-run=client -o yaml > autoscale-cpu.yaml.golden
$A autoscale deployment web --max=3 --dry-run=client -o yaml > autoscale-max.yaml.golden
$A autoscale deploy web --max=4 --name=x --dry-run=client > autoscale-name.dryrun.golden
$A autoscale deployment web --max=4 --cpu-percent=70 --dry-run=client -o json > autoscale-cpu.json.golden
err autoscale-min-max $A autoscale deployment web --max=4 --min=5 --dry-run=client
kill $AFAKE

# `kubectl top` against top-fake-server.py (the usage of top.test.ts's world).
python3 top-fake-server.py 18439 & TFAKE=$!
sleep 1
T="/usr/bin/kubectl -s http://127.0.0.1:18439 --cache-dir=$(mktemp -d)"
mkdir -p top
$T top pod > top/pods.golden
$T top pod --sort-by=memory > top/pods-sort-memory.golden
$T top pod --containers > top/pods-containers.golden
$T top pod --sum --sort-by=cpu > top/pods-sum.golden
$T top pod --no-headers --containers --sort-by=cpu > top/pods-containers-cpu.golden
$T top node > top/nodes.golden
$T top node --sort-by=cpu > top/nodes-sort-cpu.golden
$T top node --no-headers node01 > top/node01.golden
kill $TFAKE

# kubectl cp's own checks (cp.go Complete/Validate), before any request.
err cp-one-arg $K cp a
err cp-both-local $K cp a b
err cp-both-remote $K cp a:x b:y
err cp-bad-spec $K cp a/b/c:x b
err cp-empty-path $K cp pod: x
err cp-no-local $K cp nope pod:/tmp
