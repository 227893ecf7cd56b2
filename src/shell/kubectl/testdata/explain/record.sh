#!/bin/sh
# Records `kubectl explain` (the real kubectl 1.32) against fake-openapi.py, which serves the
# schemas kadet generated. Run from this folder after regenerating explain/openapi-schemas.ts.
set -u
node dump-doc.mjs /tmp/kadet-openapi-doc.json
python3 fake-openapi.py /tmp/kadet-openapi-doc.json 18095 & SERVER=$!
sleep 2
tab=$(printf '\t')
while IFS="$tab" read -r name args; do
  # shellcheck disable=SC2086
  kubectl --kubeconfig=/dev/null --server=http://127.0.0.1:18095 $args >"$name.out" 2>"$name.err"; echo "exit=$?" >>"$name.err"
done < cases.txt
kill $SERVER
