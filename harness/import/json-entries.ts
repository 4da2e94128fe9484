/**
 * Reads the entry array of a JSON export (a HAR's `log.entries`, a Graph page's `value`, a bare array)
 * and, when the file is cut off or damaged, salvages every complete entry before the damage so that a
 * truncated download still imports what it holds.
 */

/** One element of the entry array: its value, or why it could not be read. */
export interface JsonEntry {
  index: number;
  value?: unknown;
  error?: string;
}

/** The entries found, and whether the file had to be salvaged. */
export interface JsonEntries {
  entries: JsonEntry[];
  /** The whole text parsed as JSON. */
  complete: boolean;
  /** Why the text did not parse as a whole (salvage mode), e.g. the JSON.parse message. */
  damage?: string;
  /** The top-level JSON value when the text parsed (for format checks). */
  root?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function arrayAt(root: unknown, paths: readonly (readonly string[])[]): unknown[] | undefined {
  if (Array.isArray(root)) return root;
  for (const path of paths) {
    let node: unknown = root;
    for (const key of path) node = isRecord(node) ? node[key] : undefined;
    if (Array.isArray(node)) return node;
  }
  return undefined;
}

/** Index just past the JSON value starting at `start` (balanced brackets, strings with escapes), or -1. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return -1;
    } else if (depth === 0 && /[,\s]/.test(ch ?? "")) return i;
  }
  return -1;
}

/** Scans the array whose `[` is at `open`, element by element, until it closes or the text ends. */
function scanArray(text: string, open: number): { entries: JsonEntry[]; cut?: string } {
  const entries: JsonEntry[] = [];
  let i = open + 1;
  for (;;) {
    while (i < text.length && /[\s,]/.test(text[i]!)) i++;
    if (i >= text.length)
      return { entries, cut: `the file ends inside the array after ${entries.length} entries` };
    if (text[i] === "]") return { entries };
    const end = valueEnd(text, i);
    const index = entries.length;
    if (end < 0) {
      entries.push({ index, error: `truncated: the file ends inside this entry (at byte ${i})` });
      return { entries, cut: `the file ends inside entry ${index}` };
    }
    try {
      entries.push({ index, value: JSON.parse(text.slice(i, end)) });
    } catch (e) {
      entries.push({ index, error: `not valid JSON: ${(e as Error).message}` });
    }
    i = end;
  }
}

/**
 * Finds the entry array. `paths` are the object paths to try (e.g. `[["log", "entries"]]`); a top-level
 * array is always accepted. Returns `undefined` when the text holds no such array at all (not JSON, or
 * JSON of another shape).
 */
export function readJsonEntries(
  text: string,
  paths: readonly (readonly string[])[],
): JsonEntries | undefined {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let damage: string;
  try {
    const root: unknown = JSON.parse(src);
    const array = arrayAt(root, paths);
    if (array === undefined) return undefined;
    return { entries: array.map((value, index) => ({ index, value })), complete: true, root };
  } catch (e) {
    damage = (e as Error).message;
  }
  // Salvage: locate the array's opening bracket by its key (or at the very start), then read element-wise.
  let open = -1;
  if (src.trimStart().startsWith("[")) open = src.indexOf("[");
  for (const path of paths) {
    if (open >= 0) break;
    const key = path[path.length - 1];
    const match = key === undefined ? null : new RegExp(`"${key}"\\s*:\\s*\\[`).exec(src);
    if (match !== null) open = match.index + match[0].length - 1;
  }
  if (open < 0) return undefined;
  const { entries, cut } = scanArray(src, open);
  return { entries, complete: false, damage: cut ?? damage };
}
