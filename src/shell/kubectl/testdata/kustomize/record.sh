#!/bin/sh
# Records `kubectl kustomize` (kubectl 1.32, kustomize v5.5.0: no server needed) for each case
# here: CASE.golden is stdout, CASE.err stderr (klog header masked, this folder's absolute path
# written TESTDATA), for kustomize.test.ts. Run from this folder: sh record.sh
here=$(pwd)
for c in base overlay features legacy; do
  kubectl kustomize "$c" > "$c.golden" 2> "$c.err"
done
for c in errors/*/; do
  c=${c%/}
  kubectl kustomize "$c" > /dev/null 2> "$c.err"
  sed -i -e "s|$here|TESTDATA|g" -e 's/^E[0-9]\{4\} [0-9:.]* *[0-9]* /EMMDD hh:mm:ss.uuuuuu PID /' "$c.err"
done
