/**
 * Expected vs actual as a line diff (`-` expected only, `+` actual only) of the two values pretty-printed
 * as JSON, for the root causes of the HTML report. Values of different kinds (a filter expression against
 * a read-back resource) have no meaningful diff and get none: the finding card shows both side by side.
 */
import { markup, type Html } from "./html-markup.ts";

/** Beyond this many lines on a side the diff is left out (the side-by-side values stay). */
const MAX_LINES = 400;
/** Unchanged lines kept around each change; longer unchanged runs fold into one `…` line. */
const CONTEXT = 3;

type Line = { op: " " | "-" | "+"; text: string };

function lines(value: unknown): string[] | undefined {
  try {
    const text = JSON.stringify(value, null, 2);
    return text === undefined ? undefined : text.split("\n");
  } catch {
    return undefined;
  }
}

/** The shortest edit script by longest common subsequence (both sides at most MAX_LINES). */
function editScript(a: readonly string[], b: readonly string[]): Line[] {
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: " ", text: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ op: "-", text: a[i++]! }); // removals first: "was … / is …"
    } else out.push({ op: "+", text: b[j++]! });
  }
  return out;
}

/** Lines within CONTEXT of a change; other unchanged runs become one `…` line. */
function folded(script: readonly Line[]): (Line | "…")[] {
  const near = script.map((_, k) =>
    script.slice(Math.max(0, k - CONTEXT), k + CONTEXT + 1).some((l) => l.op !== " "),
  );
  const out: (Line | "…")[] = [];
  script.forEach((line, k) => {
    if (near[k]) out.push(line);
    else if (out.at(-1) !== "…") out.push("…");
  });
  return out;
}

/** Whether expected and actual are of the same kind: both objects/arrays, or both plain values. */
function comparable(expected: unknown, actual: unknown): boolean {
  const kind = (v: unknown) => (typeof v === "object" && v !== null ? "structure" : "value");
  return expected !== undefined && actual !== undefined && kind(expected) === kind(actual);
}

/** The diff block, or nothing when the values are of different kinds, equal as JSON, or too long. */
export function valueDiff(expected: unknown, actual: unknown): Html | "" {
  if (!comparable(expected, actual)) return "";
  const a = lines(expected);
  const b = lines(actual);
  if (a === undefined || b === undefined || a.length > MAX_LINES || b.length > MAX_LINES) return "";
  const script = editScript(a, b);
  if (script.every((l) => l.op === " ")) return "";
  const rows = folded(script).map((l) =>
    l === "…"
      ? markup`<span class="fold">  …</span>`
      : markup`<span class="${{ " ": "same", "-": "del", "+": "ins" }[l.op]}">${l.op} ${l.text}</span>`,
  );
  return markup`<div class="diff"><div class="lbl">diff: <span class="del">- expected</span> <span class="ins">+ actual</span></div><pre>${rows.map((r, k) => (k === 0 ? r : markup`\n${r}`))}</pre></div>`;
}
