/**
 * The evidence grade (dossier §0.1) of each source tag of `shared/docs/idp-behaviour.md` §0.2, so that a
 * rule's severity follows from the best evidence it cites (`reports/rule.ts`). Where the dossier gives two
 * grades ("B/C", "C/D") the weaker one is used. Bug ids (B1–B25, dossier Part 3) are third-party issue
 * reports: grade C.
 */
import type { EvidenceGrade } from "../../reports/index.ts";
import { bestGrade } from "../../reports/index.ts";

const range = (prefix: string, from: number, to: number, grade: EvidenceGrade): [string, EvidenceGrade][] =>
  Array.from({ length: to - from + 1 }, (_, i) => [`[${prefix}${from + i}]`, grade]);

/** Grade of each dossier source tag. */
export const TAG_GRADES: ReadonlyMap<string, EvidenceGrade> = new Map<string, EvidenceGrade>([
  ...range("S", 1, 11, "A"),
  ["[S5b]", "A"],
  ...range("S", 12, 16, "B"),
  ["[S17]", "D"],
  ["[S18]", "C"],
  ["[S19]", "B"],
  ["[S20]", "B"],
  ["[S21]", "C"],
  ...range("C", 1, 15, "C"),
  ...range("J", 1, 4, "A"),
  ["[J5]", "D"],
  ["[J6]", "C"],
  ...range("J", 7, 10, "D"),
  // Okta's own sources (harness/idp/okta/EVIDENCE.md): its SCIM 2.0 reference, its Runscope test suite,
  // then third-party reports.
  ["[O1]", "A"],
  ["[O2]", "B"],
  ...range("O", 3, 7, "C"),
  ["[O8]", "B"],
  ["[O9]", "A"],
  ["[O10]", "A"],
]);

/** The grade of one tag or bug id, or undefined when it is not a dossier source (e.g. `seed 002`). */
export function gradeOf(tag: string): EvidenceGrade | undefined {
  if (/^B([1-9]|1\d|2[0-5])$/.test(tag)) return "C";
  return TAG_GRADES.get(tag);
}

/** The best grade among the tags, or undefined when none is a graded dossier source. */
export function gradeOfEvidence(tags: readonly string[] | undefined): EvidenceGrade | undefined {
  return bestGrade((tags ?? []).map(gradeOf));
}
