/**
 * Extracts the normative statements of RFC 7643 / RFC 7644 by keyword, for the requirement catalogue
 * (`requirements.ts`). The RFC texts are not in the repository: pass the directory that holds
 * the files rfc7643.txt and rfc7644.txt (the plain-text RFCs as published).
 *
 *   npx tsx contracts/requirements/extract.ts <dir> [--text]
 *
 * Prints one line per statement: id, keyword, section, line. With `--text` it also prints the statement
 * (for the reviewer writing the catalogue's own words; never copied into the repository). Ids are
 * `rfc<number>-<section>-<ordinal>`: the ordinal counts statements within the section in reading order,
 * so they are stable as long as the RFC text is (RFCs are immutable).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NORMATIVE_KEYWORDS } from "../../reports/index.ts";

export type NormativeKeyword = (typeof NORMATIVE_KEYWORDS)[number];

export interface ExtractedStatement {
  id: string;
  rfc: 7643 | 7644;
  section: string;
  /** 1-based line of the RFC text where the sentence starts. */
  line: number;
  keyword: NormativeKeyword;
  text: string;
}

const HEADING = /^(\d+(?:\.\d+)*)\.\s+\S/;
const APPENDIX = /^Appendix\s+[A-Z]\./;
const PAGE_NOISE = /^(RFC 76\d\d\s{2,}|Hunt, et al\.\s+Standards Track|\f)/;
const KEYWORD_RE = /\b(MUST NOT|MUST|SHALL NOT|SHALL|REQUIRED|SHOULD NOT|SHOULD|RECOMMENDED|MAY)\b/g;

/** The strongest keyword in a sentence, or undefined. */
export function keywordOf(sentence: string): NormativeKeyword | undefined {
  const found = new Set([...sentence.matchAll(KEYWORD_RE)].map((m) => m[1] as NormativeKeyword));
  return NORMATIVE_KEYWORDS.find((k) => found.has(k));
}

/** The statements of one RFC text, in reading order. */
export function extractStatements(text: string, rfc: 7643 | 7644): ExtractedStatement[] {
  const lines = text.split(/\r?\n/);
  const out: ExtractedStatement[] = [];
  const ordinals = new Map<string, number>();
  let section: string | undefined;
  let buffer: { text: string; line: number }[] = [];

  const flush = (): void => {
    if (section === undefined || buffer.length === 0) {
      buffer = [];
      return;
    }
    // One paragraph: join, then split into sentences, keeping the line each sentence starts on.
    let joined = "";
    const starts: { offset: number; line: number }[] = [];
    for (const part of buffer) {
      starts.push({ offset: joined.length, line: part.line });
      joined += `${part.text.trim()} `;
    }
    const lineAt = (offset: number): number =>
      starts.filter((s) => s.offset <= offset).at(-1)?.line ?? buffer[0]!.line;
    // Sentences end at a full stop followed by a capital, quote, bracket or digit; "e.g." and "i.e."
    // do not end one.
    let offset = 0;
    for (const part of joined.split(/(?<!\b(?:e\.g|i\.e|et al|cf))(?<=\.)\s+(?=[A-Z"(\d])/)) {
      const lead = joined.indexOf(part, offset);
      offset = lead + part.length;
      const s = part.trim();
      if (s.length === 0) continue;
      const keyword = keywordOf(s);
      if (keyword === undefined) continue;
      const n = (ordinals.get(section) ?? 0) + 1;
      ordinals.set(section, n);
      out.push({ id: `rfc${rfc}-${section}-${n}`, rfc, section, line: lineAt(lead), keyword, text: s });
    }
    buffer = [];
  };

  lines.forEach((raw, i) => {
    if (PAGE_NOISE.test(raw)) return;
    const heading = HEADING.exec(raw);
    if (heading || APPENDIX.test(raw)) {
      flush();
      section = heading ? heading[1] : undefined; // appendices are informative: not catalogued
      return;
    }
    if (raw.trim() === "") {
      // A page break splits a paragraph with blank lines around the header/footer: keep going when the
      // next text line continues a sentence (starts lower case).
      const next = lines.slice(i + 1).find((l) => l.trim() !== "" && !PAGE_NOISE.test(l));
      if (
        next !== undefined &&
        /^\s+[a-z]/.test(next) &&
        buffer.length > 0 &&
        !/[.:]\s*$/.test(buffer.at(-1)!.text)
      )
        return;
      flush();
      return;
    }
    buffer.push({ text: raw, line: i + 1 });
  });
  flush();
  // Sections 1.x (introduction, notation) and the security/IANA sections carry keyword definitions
  // and text about deployments; they are still listed (the catalogue gives their reason).
  return out;
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write(
      "usage: tsx contracts/requirements/extract.ts <dir with rfc7643.txt, rfc7644.txt> [--text]\n",
    );
    process.exit(2);
  }
  const withText = process.argv.includes("--text");
  for (const rfc of [7643, 7644] as const) {
    const text = readFileSync(join(dir, `rfc${rfc}.txt`), "utf8");
    for (const s of extractStatements(text, rfc)) {
      process.stdout.write(
        `${s.id}\t${s.keyword}\t${s.line}${withText ? `\t${s.text.replace(/\s+/g, " ")}` : ""}\n`,
      );
    }
  }
}
