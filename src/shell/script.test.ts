import { describe, expect, it } from "vitest";
import { CommandAccumulator, isCompleteCommand, splitCommands } from "./script.js";

// Bash reads a command until it is syntactically complete (bash(1), "SHELL GRAMMAR" and "Here Documents");
// the verdict is the interpreter's own parser's.
describe("splitCommands", () => {
  it("splits on lines and skips blank lines and comments", () => {
    expect(splitCommands("kubectl get pods\n\n# note\nkubectl get nodes\n")).toEqual(["kubectl get pods", "kubectl get nodes"]);
  });

  it("keeps a heredoc with its command until the delimiter", () => {
    const script = "cat <<EOF > pod.yaml\napiVersion: v1\nkind: Pod\nEOF\nkubectl apply -f pod.yaml";
    expect(splitCommands(script)).toEqual(["cat <<EOF > pod.yaml\napiVersion: v1\nkind: Pod\nEOF", "kubectl apply -f pod.yaml"]);
  });

  it("honours <<- (leading tabs stripped before the delimiter) and quoted delimiters", () => {
    expect(splitCommands("cat <<-END\n\tx\n\tEND\necho done")).toEqual(["cat <<-END\n\tx\n\tEND", "echo done"]);
    expect(splitCommands("cat <<'EOF'\n$HOME\nEOF")).toEqual(["cat <<'EOF'\n$HOME\nEOF"]);
  });

  it("continues after a trailing backslash, pipe, && or || and inside open quotes", () => {
    expect(splitCommands("kubectl get pods \\\n  -A")).toEqual(["kubectl get pods \\\n  -A"]);
    expect(splitCommands("kubectl get pods |\n grep web")).toEqual(["kubectl get pods |\n grep web"]);
    expect(splitCommands("true &&\necho yes\nfalse ||\necho no")).toEqual(["true &&\necho yes", "false ||\necho no"]);
    expect(splitCommands("echo 'a\nb'\necho c")).toEqual(["echo 'a\nb'", "echo c"]);
    expect(splitCommands('echo "a\nb"\necho c')).toEqual(['echo "a\nb"', "echo c"]);
  });

  it("does not treat << inside quotes as a heredoc", () => {
    expect(splitCommands("echo '<<EOF'\necho next")).toEqual(["echo '<<EOF'", "echo next"]);
  });

  // Found running public CKAD practice material (issue 7): the YAML comment's apostrophe glued every later line to the heredoc.
  it("treats an apostrophe inside a heredoc body as text", () => {
    const script = "cat <<EOF > pod.yaml\n# you'll need this\nkind: Pod\nEOF\nkubectl apply -f pod.yaml\nkubectl get pods";
    expect(splitCommands(script)).toEqual(["cat <<EOF > pod.yaml\n# you'll need this\nkind: Pod\nEOF", "kubectl apply -f pod.yaml", "kubectl get pods"]);
  });

  it("keeps a heredoc feeding a pipe together, and a quote after the delimiter is bash's again", () => {
    const script = "cat <<EOF | kubectl apply -f -\nkind: Pod # it's\nEOF\necho 'done'";
    expect(splitCommands(script)).toEqual(["cat <<EOF | kubectl apply -f -\nkind: Pod # it's\nEOF", "echo 'done'"]);
  });

  it("keeps for, while, if, case and function bodies written over several lines", () => {
    expect(splitCommands("for i in 1 2; do\n  echo $i\ndone\necho after")).toEqual(["for i in 1 2; do\n  echo $i\ndone", "echo after"]);
    expect(splitCommands("while false\ndo\n  :\ndone")).toEqual(["while false\ndo\n  :\ndone"]);
    expect(splitCommands("if true; then\n  echo a\nelse\n  echo b\nfi\necho c")).toEqual(["if true; then\n  echo a\nelse\n  echo b\nfi", "echo c"]);
    expect(splitCommands("case x in\n  x) echo x;;\nesac")).toEqual(["case x in\n  x) echo x;;\nesac"]);
    expect(splitCommands("f() {\n  echo in f\n}\nf")).toEqual(["f() {\n  echo in f\n}", "f"]);
    expect(splitCommands("{\n echo grouped\n}")).toEqual(["{\n echo grouped\n}"]);
    expect(splitCommands("x=$(\necho sub\n)")).toEqual(["x=$(\necho sub\n)"]);
  });

  it("runs a line with a syntax error at once (the interpreter reports it) instead of waiting for more", () => {
    expect(splitCommands("fi\necho next")).toEqual(["fi", "echo next"]);
    expect(splitCommands("echo a; done\necho b")).toEqual(["echo a; done", "echo b"]);
  });

  it("runs an unfinished command at the end of the script as it stands", () => {
    expect(splitCommands("echo a\nfor i in 1; do\necho $i")).toEqual(["echo a", "for i in 1; do\necho $i"]);
  });
});

describe("isCompleteCommand", () => {
  it("answers plain lines without the parser and the rest with it", () => {
    expect(isCompleteCommand("kubectl get pods -n kube-system -o wide")).toBe(true);
    expect(isCompleteCommand("for x in a b")).toBe(false);
    expect(isCompleteCommand("cat <<EOF\nyou'll")).toBe(false);
    expect(isCompleteCommand("cat <<EOF\nyou'll\nEOF")).toBe(true);
  });
});

describe("CommandAccumulator", () => {
  it("says a command is pending while the parser waits, as the interactive prompt shows '>'", () => {
    const acc = new CommandAccumulator();
    expect(acc.push("cat <<EOF")).toBeUndefined();
    expect(acc.push("it's")).toBeUndefined();
    expect(acc.pending()).toBe(true);
    expect(acc.push("EOF")).toBe("cat <<EOF\nit's\nEOF");
    expect(acc.pending()).toBe(false);
  });
});
