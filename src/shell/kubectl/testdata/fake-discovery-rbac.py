# fake-discovery.py plus the resources `create role|clusterrole` and `auth can-i` resolve
# (subresources pods/log, pods/exec, deployments/scale; secrets, serviceaccounts, nodes; the
# rbac group), on port 18081. Run: python3 fake-discovery-rbac.py
import json, http.server
R = lambda name, kind, ns, short=None, sub=False: {"name":name,"singularName":"" if sub else kind.lower(),"namespaced":ns,"kind":kind,"verbs":["get","create"] if sub else ["create","delete","get","list","patch","update","watch"],**({"shortNames":short} if short else {})}
API = {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:8081"}]}
gv = lambda g: {"name":g,"versions":[{"groupVersion":g+"/v1","version":"v1"}],"preferredVersion":{"groupVersion":g+"/v1","version":"v1"}}
GROUPS = {"kind":"APIGroupList","apiVersion":"v1","groups":[gv("apps"),gv("rbac.authorization.k8s.io"),gv("authentication.k8s.io"),gv("authorization.k8s.io")]}
V1 = {"kind":"APIResourceList","groupVersion":"v1","resources":[
 R("pods","Pod",True,["po"]), R("pods/log","Pod",True,sub=True), R("pods/exec","PodExecOptions",True,sub=True),
 R("namespaces","Namespace",False,["ns"]), R("configmaps","ConfigMap",True,["cm"]), R("services","Service",True,["svc"]),
 R("secrets","Secret",True), R("serviceaccounts","ServiceAccount",True,["sa"]), R("serviceaccounts/token","TokenRequest",True,sub=True),
 R("nodes","Node",False,["no"]), R("persistentvolumes","PersistentVolume",False,["pv"])]}
APPS = {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[
 R("deployments","Deployment",True,["deploy"]), R("deployments/scale","Scale",True,sub=True), R("replicasets","ReplicaSet",True,["rs"])]}
RBAC = {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"rbac.authorization.k8s.io/v1","resources":[
 R("roles","Role",True), R("rolebindings","RoleBinding",True), R("clusterroles","ClusterRole",False), R("clusterrolebindings","ClusterRoleBinding",False)]}
EMPTY = lambda g: {"kind":"APIResourceList","apiVersion":"v1","groupVersion":g,"resources":[]}
ROUTES = {"/api":API,"/apis":GROUPS,"/api/v1":V1,"/apis/apps/v1":APPS,"/apis/rbac.authorization.k8s.io/v1":RBAC,
 "/apis/authentication.k8s.io/v1":EMPTY("authentication.k8s.io/v1"),"/apis/authorization.k8s.io/v1":EMPTY("authorization.k8s.io/v1")}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ROUTES.get(self.path.split("?")[0])
        if body is None:
            self.send_response(404); self.send_header("Content-Type","application/json"); self.end_headers()
            self.wfile.write(json.dumps({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"not found"}).encode()); return
        self.send_response(200); self.send_header("Content-Type","application/json"); self.end_headers(); self.wfile.write(json.dumps(body).encode())
    do_POST = do_GET
    def log_message(self,*a): pass
http.server.HTTPServer(("127.0.0.1",18081),H).serve_forever()
