import { describe, expect, test } from "vitest";
import { parseExamScript } from "./script.js";

describe("exam scripts", () => {
  test("'# task N' switches tasks; other comments and blank lines are skipped; heredocs stay whole", () => {
    const script = "kubectl get pods\n# task 2\n# a note\n\ncat <<EOF > a.yaml\n# task 3 is text here\nEOF\n#   Task 3  \nkubectl apply -f a.yaml\n";
    expect(parseExamScript(script)).toEqual([
      { kind: "command", command: "kubectl get pods" },
      { kind: "task", number: 2, line: 2 },
      { kind: "command", command: "cat <<EOF > a.yaml\n# task 3 is text here\nEOF" },
      { kind: "task", number: 3, line: 8 },
      { kind: "command", command: "kubectl apply -f a.yaml" },
    ]);
  });
});
