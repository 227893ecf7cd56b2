#!/bin/sh
# Records GNU diff's unified output (hunks, without the two file header lines) for each NAME.a/NAME.b.
set -u
node gen-cases.mjs
for a in *.a; do name=${a%.a}; diff -u -N "$name.a" "$name.b" | tail -n +3 > "$name.diff"; done
