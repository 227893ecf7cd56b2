import json, subprocess, sys, os, tempfile
# Records the real kubectl's first stderr line and exit code for each input of a JSON list (stdin):
# python3 test/fuzz/record-cases.py OUT.json apply --dry-run=client < inputs.json
# usage: rec.py OUT.json CMD... ; inputs from a JSON list on stdin
cases = json.load(sys.stdin)
out = []
d = tempfile.mkdtemp()
for text in cases:
    f = os.path.join(d, "t.yaml")
    open(f, "w").write(text)
    cmd = sys.argv[2:]
    p = subprocess.run(["kubectl"] + cmd + ["-f", "t.yaml"], cwd=d, capture_output=True, text=True, env={"PATH": os.environ["PATH"], "HOME": d})
    lines = [l for l in p.stderr.split("\n") if l.strip() and not l.startswith("E1") and not l.startswith("W1")]
    out.append({"input": text, "exitCode": p.returncode, "stderr": lines[0] if lines else ""})
json.dump({"kubectl": "v1.32 " + " ".join(sys.argv[2:]) + " -f t.yaml", "cases": out}, open(sys.argv[1], "w"), indent=1)
