// Writes pairs of texts (NAME.a, NAME.b) for unified-diff.test.ts; record.sh runs the real
// GNU diff on them. Deployment-shaped YAML, as kubectl diff compares.
import { writeFileSync } from "node:fs";
const deploy = ({ replicas = 3, image = "nginx:1.27", labels = ["app: web"], generation = 1, env = [], extraContainer = false } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "1"
  creationTimestamp: "2026-01-04T09:00:00Z"
  generation: ${generation}
  labels:
${labels.map((l) => `    ${l}\n`).join("")}  name: web
  namespace: default
  resourceVersion: "1234"
  uid: 5d3b7f0e-1111-2222-3333-444455556666
spec:
  progressDeadlineSeconds: 600
  replicas: ${replicas}
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
${env.length ? "      - env:\n" + env.map(([k, v]) => `        - name: ${k}\n          value: "${v}"\n`).join("") + "        image: " : "      - image: "}${image}
        imagePullPolicy: IfNotPresent
        name: nginx
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
${extraContainer ? "      - image: busybox\n        imagePullPolicy: Always\n        name: sidecar\n        resources: {}\n        terminationMessagePath: /dev/termination-log\n        terminationMessagePolicy: File\n" : ""}      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status: {}
`;
const cases = {
  replicas: [deploy(), deploy({ replicas: 5, generation: 2 })],
  image: [deploy(), deploy({ image: "nginx:1.28", generation: 2 })],
  label: [deploy(), deploy({ labels: ["app: web", "tier: front"] })],
  "label-removed": [deploy({ labels: ["app: web", "tier: front"] }), deploy()],
  env: [deploy(), deploy({ env: [["A", "1"], ["B", "2"]], generation: 2 })],
  "env-changed": [deploy({ env: [["A", "1"], ["B", "2"]] }), deploy({ env: [["A", "1"], ["B", "3"], ["C", "4"]], generation: 2 })],
  sidecar: [deploy(), deploy({ extraContainer: true, generation: 2 })],
  "sidecar-removed": [deploy({ extraContainer: true }), deploy({ generation: 2 })],
  many: [deploy(), deploy({ replicas: 1, image: "httpd", labels: ["app: web", "x: y"], generation: 7, env: [["K", "v"]] })],
  created: ["", deploy()],
  deleted: [deploy(), ""],
  repeated: ["a\nb\na\nb\na\nb\n", "a\nb\na\nx\nb\na\nb\n"],
  "repeated-2": ["x\nx\nx\ny\nx\nx\n", "x\nx\ny\nx\nx\nx\nx\n"],
  "blank-runs": ["a\n\n\nb\n\n\nc\n", "a\n\nb\n\n\n\nc\nd\n"],
};
for (const [name, [a, b]] of Object.entries(cases)) {
  writeFileSync(new URL(`${name}.a`, import.meta.url), a);
  writeFileSync(new URL(`${name}.b`, import.meta.url), b);
}
