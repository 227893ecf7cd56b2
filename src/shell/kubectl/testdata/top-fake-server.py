# A tiny API server for recording `kubectl top` (the real client's columns, padding, sorting and
# --sum) against fixed Metrics API answers that match the kadet world of top.test.ts: pods web
# (nginx idle: 1m, 8Mi), hog (sim usage 250m, 300Mi) and duo (two containers, 1m/8Mi and 120m/64Mi)
# in default; nodes with kadet's allocatable. Run: python3 top-fake-server.py 18439
import json, http.server, sys
MI = 1024 * 1024
def c(name, cpu, mem): return {"name": name, "usage": {"cpu": cpu, "memory": "%d" % mem}}
def pm(name, containers): return {"metadata": {"name": name, "namespace": "default"}, "timestamp": "2026-01-04T09:00:00Z", "window": "15s", "containers": containers}
PODS = {"kind": "PodMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": {}, "items": [
  pm("web", [c("web", "1m", 8 * MI)]), pm("hog", [c("hog", "250m", 300 * MI)]), pm("duo", [c("b", "120m", 64 * MI), c("a", "1m", 8 * MI)])]}
def nm(name, cpu, mem): return {"metadata": {"name": name}, "timestamp": "2026-01-04T09:00:00Z", "window": "15s", "usage": {"cpu": cpu, "memory": "%d" % mem}}
NODES = {"kind": "NodeMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": {}, "items": [
  nm("node01", "377m", 435 * MI), nm("controlplane", "5m", 380 * MI), nm("node02", "2m", 35 * MI)]}
def node(name): return {"metadata": {"name": name}, "status": {"capacity": {"cpu": "2", "memory": "4Gi", "pods": "110"}, "allocatable": {"cpu": "2", "memory": "4Gi", "pods": "110"}}}
NODELIST = {"kind": "NodeList", "apiVersion": "v1", "metadata": {}, "items": [node("controlplane"), node("node01"), node("node02")]}
API = {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}
GROUPS = {"kind": "APIGroupList", "apiVersion": "v1", "groups": [{"name": "metrics.k8s.io", "versions": [{"groupVersion": "metrics.k8s.io/v1beta1", "version": "v1beta1"}], "preferredVersion": {"groupVersion": "metrics.k8s.io/v1beta1", "version": "v1beta1"}}]}
ROUTES = {"/api": API, "/apis": GROUPS, "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods": PODS, "/apis/metrics.k8s.io/v1beta1/nodes": NODES,
  "/apis/metrics.k8s.io/v1beta1/nodes/node01": NODES["items"][0], "/api/v1/nodes": NODELIST, "/api/v1/nodes/node01": NODELIST["items"][1]}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ROUTES.get(self.path.split("?")[0])
        code = 200 if body is not None else 404
        if body is None: body = {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404, "message": "not found"}
        self.send_response(code); self.send_header("Content-Type", "application/json"); self.end_headers(); self.wfile.write(json.dumps(body).encode())
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 18439), H).serve_forever()
