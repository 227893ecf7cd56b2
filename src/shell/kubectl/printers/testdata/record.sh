#!/bin/sh
# Re-records the golden files in this folder with the real kubectl (see README).
# Every command here works without a cluster: `create ... --dry-run=client` and
# `label --local -f FILE` (which re-prints a manifest through kubectl's printers
# exactly as `kubectl get` would print an object read back from the server).
set -e
cd "$(dirname "$0")"
K=${KUBECTL:-/usr/bin/kubectl}
LONG="word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word"

$K create deployment web --image=nginx --replicas=3 --dry-run=client -o yaml > create-deployment.yaml.golden
$K create deployment web --image=nginx --replicas=3 --dry-run=client -o json > create-deployment.json.golden
$K create deployment web --image=nginx --replicas=3 --dry-run=client -o name > create-deployment.name.golden
$K create service clusterip web --tcp=80:8080 --dry-run=client -o yaml > create-service.yaml.golden
$K create secret generic creds --from-literal=user=admin --from-literal=password='s3cr3t!' --dry-run=client -o yaml > create-secret.yaml.golden
$K create configmap quoting --dry-run=client -o yaml \
  --from-literal=long="$LONG" --from-literal=longq="$LONG \"x\"" \
  --from-literal=multi="$(printf 'a\nb\n.')" \
  --from-literal=star='*' --from-literal=num=80 --from-literal=yes=yes \
  --from-literal=ts=2024-01-01T00:00:00Z --from-literal=date=2024-01-01 --from-literal=colon='a: b' \
  --from-literal=hash='a #b' --from-literal=hash2='a#b' --from-literal=lead=' x' --from-literal=empty= \
  --from-literal=uni='héllo' --from-literal=q="it's" --from-literal=dq='say "hi"' \
  --from-literal=dash='- x' --from-literal=dash2='-x' --from-literal=oct=0o17 --from-literal=hex=0x1F \
  --from-literal=float=1.5e3 --from-literal=dot=.5 --from-literal=b60=1:20 --from-literal=tilde='~' \
  --from-literal=nul=null --from-literal=at='@x' --from-literal=pct='%x' --from-literal=qm='?x' \
  --from-literal=qm2='? x' --from-literal=brace='{a}' --from-literal=comma='a,b' --from-literal=on=On \
  --from-literal=under=1_000 --from-literal=neg=-5 --from-literal=plus=+5 --from-literal=inf=.inf \
  --from-literal=docstart='--- x' --from-literal=trailsp='x ' --from-literal=bang='!x' \
  --from-literal=pipe='|x' --from-literal=gt='>x' --from-literal=amp='&x' --from-literal=bq='`x' \
  --from-literal=sq="'x'" --from-literal=bin=0b101 --from-literal=e=1e5 --from-literal=version=1.32 \
  --from-literal=y=y --from-literal=n=N --from-literal=url='http://example.com:8080/a?b=c#d' \
  > create-configmap-quoting.yaml.golden
$K create configmap blocks --dry-run=client -o yaml \
  --from-literal=multi="$(printf 'a\nb')" --from-file=withnl=blocks/withnl.txt \
  --from-file=twonl=blocks/twonl.txt --from-file=leadnl=blocks/leadnl.txt \
  --from-file=trail=blocks/trailsp.txt --from-file=tab=blocks/tab.txt --from-file=onlynl=blocks/onlynl.txt \
  --from-file=leadsp=blocks/leadsp.txt --from-file=longline=blocks/longline.txt \
  > create-configmap-blocks.yaml.golden

# Objects as the model stores them, printed the way `kubectl get` prints them.
$K label --local -f pod-stored.yaml app=web --overwrite -o yaml > pod-stored.yaml.golden
$K label --local -f pod-stored.yaml app=web --overwrite -o json > pod-stored.json.golden
$K label --local -f pod-stored.yaml app=web --overwrite -o name > pod-stored.name.golden
$K label --local -f configmap-keys.yaml app=web -o yaml > configmap-keys.yaml.golden
$K label --local -f configmap-keys.yaml app=web -o json > configmap-keys.json.golden

# JSONPath: one template per line in jsonpath-cases.txt; output (stdout and
# stderr, exit code) per case into jsonpath/<n>.golden.
rm -rf jsonpath && mkdir jsonpath
n=0
while IFS= read -r tpl; do
  n=$((n+1))
  { $K label --local -f pod-stored.yaml app=web --overwrite -o jsonpath="$tpl" 2>&1; echo "[exit $?]"; } > jsonpath/$n.golden || true
done < jsonpath-cases.txt
$K version --client > kubectl-version.golden
