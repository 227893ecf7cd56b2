# Records the patch the real `kubectl apply` (1.32) sends for each case here: a tiny API
# server answers discovery and GET with CASE.live.json, logs the PATCH body, and the body
# is written to CASE.patch.golden (stdout and stderr to CASE.out.golden, CASE.err.golden). three-way.test.ts computes kadet's patch from the same
# live object and CASE.yaml. Run: python3 record.py (needs /usr/bin/kubectl).
import json, http.server, subprocess, sys, threading, glob, os
V = ["create","delete","get","list","patch","update","watch"]
CORE = {"kind":"APIResourceList","groupVersion":"v1","resources":[
  {"name":"services","singularName":"service","namespaced":True,"kind":"Service","verbs":V,"shortNames":["svc"]},
  {"name":"configmaps","singularName":"configmap","namespaced":True,"kind":"ConfigMap","verbs":V,"shortNames":["cm"]},
  {"name":"pods","singularName":"pod","namespaced":True,"kind":"Pod","verbs":V,"shortNames":["po"]}]}
APPS = {"kind":"APIResourceList","groupVersion":"apps/v1","resources":[
  {"name":"deployments","singularName":"deployment","namespaced":True,"kind":"Deployment","verbs":V,"shortNames":["deploy"]}]}
GROUPS = {"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}]}
live = {}
patches = []
class H(http.server.BaseHTTPRequestHandler):
    def reply(self, body, code=200):
        self.send_response(code); self.send_header("Content-Type","application/json"); self.end_headers(); self.wfile.write(json.dumps(body).encode())
    def do_GET(self):
        p = self.path.split("?")[0]
        routes = {"/api":{"kind":"APIVersions","versions":["v1"]},"/apis":GROUPS,"/api/v1":CORE,"/apis/apps/v1":APPS}
        if p in routes: return self.reply(routes[p])
        if p.endswith("/" + live["obj"]["metadata"]["name"]): return self.reply(live["obj"])
        self.reply({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"not found"}, 404)
    def do_PATCH(self):
        n = int(self.headers.get("Content-Length","0")); patches.append(self.rfile.read(n).decode())
        self.reply(live["obj"])
    def log_message(self,*a): pass
srv = http.server.HTTPServer(("127.0.0.1",18447),H)
threading.Thread(target=srv.serve_forever, daemon=True).start()
for f in sorted(glob.glob("*.live.json")):
    case = f[:-len(".live.json")]
    live["obj"] = json.load(open(f)); patches.clear()
    r = subprocess.run(["/usr/bin/kubectl","-s","http://127.0.0.1:18447","apply","--validate=false","-f",case+".yaml"], capture_output=True, text=True)
    open(case+".out.golden","w").write(r.stdout)
    open(case+".err.golden","w").write(r.stderr)
    open(case+".patch.golden","w").write(patches[0] + "\n" if patches else "")
    print(case, r.returncode, r.stdout.strip(), r.stderr.strip()[:200])
srv.shutdown()
