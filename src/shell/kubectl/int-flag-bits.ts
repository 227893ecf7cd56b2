/**
 * The bit size of each integer flag of the recorded verbs (pflag Int32 or Int/Int64), recorded
 * from the real kubectl by testdata/record-int-flags.mjs. Generated: do not edit.
 */
export const INT_FLAG_BITS: Readonly<Record<string, Readonly<Record<string, 32 | 64>>>> = {
  "apply": {
    "grace-period": 64
  },
  "create-deployment": {
    "port": 32,
    "replicas": 32
  },
  "create-service-nodeport": {
    "node-port": 64
  },
  "delete": {
    "grace-period": 64
  },
  "describe": {
    "chunk-size": 64
  },
  "drain": {
    "chunk-size": 64,
    "grace-period": 64,
    "skip-wait-for-delete-timeout": 64
  },
  "get": {
    "chunk-size": 64
  },
  "logs": {
    "limit-bytes": 64,
    "max-log-requests": 64,
    "tail": 64
  },
  "rollout-history": {
    "revision": 64
  },
  "rollout-status": {
    "revision": 64
  },
  "rollout-undo": {
    "to-revision": 64
  },
  "run": {
    "grace-period": 64
  },
  "scale": {
    "current-replicas": 64,
    "replicas": 64
  }
};
