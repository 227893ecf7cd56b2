# An API server with discovery and a fixed set of Events (fixture.json), so that `kubectl events`
# can be recorded without a cluster. Timestamps are "seconds before now"; FIXED_NOW=RFC3339
# pins now (for -o yaml|json, which print absolute times). Run: python3 fake-events.py PORT
import json, http.server, os, sys, datetime, urllib.parse
R = lambda name, kind, ns, short=None: {"name":name,"singularName":kind.lower(),"namespaced":ns,"kind":kind,"verbs":["create","delete","get","list","patch","update","watch"],**({"shortNames":short} if short else {})}
API = {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:8080"}]}
GROUPS = {"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}]}
V1 = {"kind":"APIResourceList","groupVersion":"v1","resources":[R("pods","Pod",True,["po"]),R("nodes","Node",False,["no"]),R("events","Event",True,["ev"]),R("namespaces","Namespace",False,["ns"])]}
APPS = {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[R("deployments","Deployment",True,["deploy"]),R("replicasets","ReplicaSet",True,["rs"])]}
ROUTES = {"/api":API,"/apis":GROUPS,"/api/v1":V1,"/apis/apps/v1":APPS}
FIXTURE = json.load(open(os.path.join(os.path.dirname(__file__), "fixture.json")))["events"]
def now():
    f = os.environ.get("FIXED_NOW")
    return datetime.datetime.fromisoformat(f.replace("Z","+00:00")) if f else datetime.datetime.now(datetime.timezone.utc)
def ts(base, ago): return (base - datetime.timedelta(seconds=ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
def event(e, base, i):
    out = {"metadata":{"name":e["name"],"namespace":e["ns"],"uid":"00000000-0000-0000-0000-%012d" % i,"resourceVersion":str(100+i),"creationTimestamp":ts(base, e.get("first", e.get("eventTime", 0)))},
        "involvedObject":{"kind":e["kind"],"namespace":e["ns"] if e["kind"] != "Node" else None,"name":e["obj"],"apiVersion":e["apiVersion"]},
        "reason":e["reason"],"message":e["message"],"source":{"component":e["component"],**({"host":e["host"]} if "host" in e else {})},
        "firstTimestamp":None,"lastTimestamp":None,"type":e["type"],"eventTime":None,"reportingComponent":"","reportingInstance":""}
    if out["involvedObject"]["namespace"] is None: del out["involvedObject"]["namespace"]
    if "eventTime" in e:
        out["eventTime"] = (base - datetime.timedelta(seconds=e["eventTime"])).strftime("%Y-%m-%dT%H:%M:%S.000000Z")
        out["reportingComponent"] = e["component"]; out["reportingInstance"] = e.get("host", ""); out["action"] = e["reason"]; out["source"] = {}
    else:
        out["firstTimestamp"] = ts(base, e["first"]); out["lastTimestamp"] = ts(base, e["last"]); out["count"] = e["count"]
    return out
def events(ns, query):
    base = now()
    items = [event(e, base, i) for i, e in enumerate(FIXTURE) if ns is None or e["ns"] == ns]
    sel = urllib.parse.parse_qs(query).get("fieldSelector", [""])[0]
    for term in filter(None, sel.split(",")):
        k, v = term.split("=", 1)
        path = k.split(".")
        items = [it for it in items if (it.get(path[0], {}).get(path[1]) if len(path) == 2 else it.get(path[0])) == v]
    return {"kind":"EventList","apiVersion":"v1","metadata":{"resourceVersion":"999"},"items":items}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        p, _, q = self.path.partition("?")
        body = ROUTES.get(p)
        parts = p.strip("/").split("/")
        if p == "/api/v1/events": body = events(None, q)
        elif len(parts) == 5 and parts[:3] == ["api","v1","namespaces"] and parts[4] == "events": body = events(parts[3], q)
        if body is None:
            self.send_response(404); self.send_header("Content-Type","application/json"); self.end_headers()
            self.wfile.write(json.dumps({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"not found"}).encode()); return
        self.send_response(200); self.send_header("Content-Type","application/json"); self.end_headers(); self.wfile.write(json.dumps(body).encode())
    def log_message(self,*a): pass
http.server.HTTPServer(("127.0.0.1",int(sys.argv[1])),H).serve_forever()
