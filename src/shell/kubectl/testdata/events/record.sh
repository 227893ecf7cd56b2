#!/bin/sh
# Records `kubectl events` (the real kubectl 1.32) against fake-events.py. Run from this folder.
set -u
python3 fake-events.py 18091 & LIVE=$!
FIXED_NOW=2026-01-04T09:00:00Z python3 fake-events.py 18092 & FIXED=$!
sleep 1
rec() { name=$1; port=$2; shift 2
  kubectl --kubeconfig=/dev/null --server=http://127.0.0.1:$port "$@" >"$name.out" 2>"$name.err"; echo "exit=$?" >>"$name.err"; }
rec default 18091 events
rec all 18091 events -A
rec warning 18091 events --types=warning
rec kube-system-no-headers 18091 events -n kube-system --no-headers
rec empty 18091 events -n empty
rec empty-all 18091 events -A --for pod/none
rec for-pod 18091 events --for pod/bad
rec for-deploy 18091 events --for deployment.apps/web
rec bad-types 18091 events --types=Normal,Info
rec for-no-slash 18091 events --for pod
rec for-two-slashes 18091 events --for pod/a/b
rec for-unknown 18091 events --for foo/x
rec name 18091 events -n kube-system -o name
rec yaml 18092 events -n kube-system -o yaml
rec json 18092 events -n kube-system -o json
rec jsonpath 18092 events -o jsonpath={.items[*].reason}
rec get-sort-last 18092 get events --sort-by=.lastTimestamp -o custom-columns=NAME:.metadata.name,LAST:.lastTimestamp --no-headers
rec get-sort-last-all 18092 get events -A --sort-by=.lastTimestamp -o name
rec get-sort-count 18092 get events --sort-by=.count -o custom-columns=NAME:.metadata.name,COUNT:.count
rec get-field-selector 18092 get events --field-selector involvedObject.name=bad,type=Warning -o name
kill $LIVE $FIXED
