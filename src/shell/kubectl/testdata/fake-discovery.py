# A discovery-only API server, so that kubectl commands that need a REST mapping
# (run, apply --dry-run=client) can be recorded without a cluster. Run: python3 fake-discovery.py
import json, http.server
API = {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:8080"}]}
GROUPS = {"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}]}
V1 = {"kind":"APIResourceList","groupVersion":"v1","resources":[
 {"name":"pods","singularName":"pod","namespaced":True,"kind":"Pod","verbs":["create","delete","get","list","patch","update","watch"],"shortNames":["po"],"categories":["all"]},
 {"name":"namespaces","singularName":"namespace","namespaced":False,"kind":"Namespace","verbs":["create","delete","get","list","patch","update","watch"],"shortNames":["ns"]},
 {"name":"configmaps","singularName":"configmap","namespaced":True,"kind":"ConfigMap","verbs":["create","delete","get","list","patch","update","watch"],"shortNames":["cm"]},
 {"name":"services","singularName":"service","namespaced":True,"kind":"Service","verbs":["create","delete","get","list","patch","update","watch"],"shortNames":["svc"]}]}
APPS = {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[
 {"name":"deployments","singularName":"deployment","namespaced":True,"kind":"Deployment","verbs":["create","delete","get","list","patch","update","watch"],"shortNames":["deploy"],"categories":["all"]}]}
ROUTES = {"/api":API,"/apis":GROUPS,"/api/v1":V1,"/apis/apps/v1":APPS}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        p = self.path.split("?")[0]
        body = ROUTES.get(p)
        if body is None:
            self.send_response(404); self.send_header("Content-Type","application/json"); self.end_headers()
            self.wfile.write(json.dumps({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"not found"}).encode()); return
        self.send_response(200); self.send_header("Content-Type","application/json"); self.end_headers(); self.wfile.write(json.dumps(body).encode())
    def log_message(self,*a): pass
http.server.HTTPServer(("127.0.0.1",18080),H).serve_forever()
