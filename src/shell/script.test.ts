import { describe, expect, it } from "vitest";
import { splitCommands } from "./script.js";

// Bash reads a command until it is syntactically complete (bash(1), "SHELL GRAMMAR" and "Here Documents").
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

  it("continues after a trailing backslash, pipe or && and inside open quotes", () => {
    expect(splitCommands("kubectl get pods \\\n  -A")).toEqual(["kubectl get pods \\\n  -A"]);
    expect(splitCommands("kubectl get pods |\n grep web")).toEqual(["kubectl get pods |\n grep web"]);
    expect(splitCommands("echo 'a\nb'\necho c")).toEqual(["echo 'a\nb'", "echo c"]);
  });

  it("does not treat << inside quotes as a heredoc", () => {
    expect(splitCommands("echo '<<EOF'\necho next")).toEqual(["echo '<<EOF'", "echo next"]);
  });
});
