# An API server with discovery and OpenAPI v3 (/openapi/v3), serving the schemas kadet generates
# (dump-doc.mjs writes them), so the real kubectl 1.32 renders `kubectl explain` from the same
# document kadet renders from. Run: python3 fake-openapi.py DOC.json PORT
import json, http.server, sys
DOC = json.load(open(sys.argv[1]))
REG = [k for k in DOC["registry"] if f'{k["group"]}/{k["version"]}/{k["kind"]}' in DOC["kinds"]]
def gv(k): return f'{k["group"]}/{k["version"]}' if k["group"] else k["version"]
def R(k): return {"name":k["plural"],"singularName":k["singular"],"namespaced":k["namespaced"],"kind":k["kind"],"verbs":["create","delete","get","list","patch","update","watch"],**({"shortNames":k["shortNames"]} if k["shortNames"] else {})}
groups = {}
for k in REG: groups.setdefault(k["group"], set()).add(k["version"])
ROUTES = {"/api": {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:8080"}]},
  "/apis": {"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":g,"versions":[{"groupVersion":f"{g}/{v}","version":v} for v in sorted(vs)],"preferredVersion":{"groupVersion":f"{g}/{sorted(vs)[0]}","version":sorted(vs)[0]}} for g, vs in sorted(groups.items()) if g]}}
index = {}
for g, vs in groups.items():
    for v in vs:
        ks = [k for k in REG if k["group"] == g and k["version"] == v]
        base = f"/apis/{g}/{v}" if g else f"/api/{v}"
        ROUTES[base] = {"kind":"APIResourceList","apiVersion":"v1","groupVersion":f"{g}/{v}" if g else v,"resources":[R(k) for k in ks]}
        paths = {}
        for k in ks:
            p = f'{base}/namespaces/{{namespace}}/{k["plural"]}' if k["namespaced"] else f'{base}/{k["plural"]}'
            paths[p] = {"get": {"x-kubernetes-group-version-kind": {"group": g, "kind": k["kind"], "version": v}}}
        key = base.lstrip("/")
        index[key] = {"serverRelativeURL": f"/openapi/v3/{key}?hash=0"}
        ROUTES["/openapi/v3/" + key] = {"openapi":"3.0.0","info":{"title":"Kubernetes","version":"v1.32.0"},"paths":paths,"components":{"schemas":DOC["schemas"]}}
ROUTES["/openapi/v3"] = {"paths": index}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ROUTES.get(self.path.split("?")[0])
        if body is None:
            self.send_response(404); self.send_header("Content-Type","application/json"); self.end_headers()
            self.wfile.write(json.dumps({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"not found"}).encode()); return
        self.send_response(200); self.send_header("Content-Type","application/json"); self.end_headers(); self.wfile.write(json.dumps(body).encode())
    def log_message(self,*a): pass
http.server.HTTPServer(("127.0.0.1",int(sys.argv[2])),H).serve_forever()
