# A tiny API server for recording `kubectl rollout` against one fixed state
# (rollout-fixture.json: kadet's deployment "web" after one image update and
# its two ReplicaSets), so the real client's output can be compared with
# kadet's on the same objects. It answers discovery, GET/LIST of the
# deployment and LIST of replicasets; PATCH echoes the deployment and logs the
# patch body to stderr. Run: python3 rollout-fake-server.py (port 18437, or argv[2]).
# With a third argument `autoscaling` it also serves the deployments/scale subresource and the
# autoscaling group, for recording `kubectl autoscale --dry-run=client` (record.sh, port 18438).
import json, http.server, sys
FIX = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "rollout-fixture.json"))
API = {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:18081"}]}
GROUPS = {"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}]}
VERBS = ["create","delete","get","list","patch","update","watch"]
V1 = {"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"pods","singularName":"pod","namespaced":True,"kind":"Pod","verbs":VERBS,"shortNames":["po"]}]}
APPS = {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[
 {"name":"deployments","singularName":"deployment","namespaced":True,"kind":"Deployment","verbs":VERBS,"shortNames":["deploy"]},
 {"name":"replicasets","singularName":"replicaset","namespaced":True,"kind":"ReplicaSet","verbs":VERBS,"shortNames":["rs"]}]}
D = "/apis/apps/v1/namespaces/default/deployments"
def lst(kind, items): return {"kind":kind+"List","apiVersion":"apps/v1","metadata":{"resourceVersion":"999"},"items":items}
ROUTES = {"/api":API,"/apis":GROUPS,"/api/v1":V1,"/apis/apps/v1":APPS,
  D+"/web":FIX["deployment"], D:lst("Deployment",[FIX["deployment"]]),
  "/apis/apps/v1/namespaces/default/replicasets":lst("ReplicaSet",FIX["replicasets"])}
if len(sys.argv) > 3 and sys.argv[3] == "autoscaling":
    GROUPS["groups"].append({"name":"autoscaling","versions":[{"groupVersion":"autoscaling/v2","version":"v2"},{"groupVersion":"autoscaling/v1","version":"v1"}],"preferredVersion":{"groupVersion":"autoscaling/v2","version":"v2"}})
    APPS["resources"].insert(1, {"name":"deployments/scale","singularName":"","namespaced":True,"group":"autoscaling","version":"v1","kind":"Scale","verbs":["get","patch","update"]})
    AUTOSCALING = {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"autoscaling/v2","resources":[
     {"name":"horizontalpodautoscalers","singularName":"horizontalpodautoscaler","namespaced":True,"kind":"HorizontalPodAutoscaler","verbs":VERBS,"shortNames":["hpa"],"categories":["all"]}]}
    ROUTES["/apis/autoscaling/v2"] = AUTOSCALING
    ROUTES["/apis/autoscaling/v1"] = dict(AUTOSCALING, groupVersion="autoscaling/v1")
class H(http.server.BaseHTTPRequestHandler):
    def reply(self, body, code=200):
        self.send_response(code); self.send_header("Content-Type","application/json"); self.end_headers(); self.wfile.write(json.dumps(body).encode())
    def do_GET(self):
        body = ROUTES.get(self.path.split("?")[0])
        if body is None or "watch=true" in self.path: return self.reply({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"not found"}, 404)
        self.reply(body)
    def do_PATCH(self):
        n = int(self.headers.get("Content-Length","0")); sys.stderr.write("PATCH %s %s %s\n" % (self.path, self.headers.get("Content-Type"), self.rfile.read(n).decode())); sys.stderr.flush()
        self.reply(FIX["deployment"])
    def log_message(self,*a): pass
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 18437
API["serverAddressByClientCIDRs"][0]["serverAddress"] = "127.0.0.1:%d" % PORT
http.server.HTTPServer(("127.0.0.1",PORT),H).serve_forever()
