/**
 * PRECIS preparation of a userName before it is compared (RFC 7644 §5 and §7.8): "Before comparing or
 * evaluating the uniqueness of a "userName" or "password" attribute, service providers MUST use the
 * [PRECIS] preparation and comparison rules described in Sections 3 and 4 ... of [RFC7613]" (RFC 8265
 * obsoletes RFC 7613 and keeps the same profiles). Shared by the fake's uniqueness index and the filter
 * evaluator, so that the fake and the oracle compare userNames the same way.
 *
 * What is implemented: the rules of the UsernameCaseMapped / UsernameCasePreserved profiles (RFC 8265
 * §3.3 and §3.4; RFC 7613 §3.2.2 and §3.3.2) that change a string, in their order:
 *   1. width mapping: fullwidth and halfwidth code points map to their decomposition mapping (UAX #11);
 *   2. case mapping to lower case (`toLowerCase`, RFC 8265 §3.3.2 step 3) when the attribute is not
 *      caseExact: RFC 7643 §4.1.1 declares userName caseExact false, which is the CaseMapped profile; a
 *      target that declares it caseExact chose CasePreserved (RFC 7613 §3.4 "Case Mapping vs. Case
 *      Preparation");
 *   3. Unicode Normalization Form C.
 * What is not: the rules that refuse a string (code points outside the IdentifierClass, the Bidi rule of
 * RFC 5893). A comparison never needs them to give the same answer on two spellings of one name, and the
 * harness never expects a server to refuse a userName an IdP sends. Passwords (OpaqueString, RFC 8265
 * §4) are never compared here: RFC 7643 §4.1.1 makes password `returned: never`, so no answer shows how a
 * server compares them.
 *
 * No npm package implements the PRECIS profiles (the registry holds none under that name; `saslprep`
 * is RFC 4013, which RFC 8265 replaces), so this uses `String.prototype.normalize` and the width table
 * below.
 */

/**
 * Code points whose decomposition is `<wide>` or `<narrow>` (UnicodeData.txt) and whose NFKC is not that
 * one-step mapping: halfwidth Hangul (NFKC goes on to the conjoining jamo) and FULLWIDTH MACRON (NFKC
 * goes on to space + combining macron). Runs of [first, last, first target].
 */
const ONE_STEP_WIDTH: readonly (readonly [number, number, number])[] = [
  [0xffa0, 0xffa0, 0x3164],
  [0xffa1, 0xffbe, 0x3131],
  [0xffc2, 0xffc7, 0x314f],
  [0xffca, 0xffcf, 0x3155],
  [0xffd2, 0xffd7, 0x315b],
  [0xffda, 0xffdc, 0x3161],
  [0xffe3, 0xffe3, 0x00af],
];

/** Is `cp` in the ranges that hold every `<wide>` / `<narrow>` code point (U+3000, U+FF01–U+FFEE)? */
const inWidthBlock = (cp: number): boolean => cp === 0x3000 || (cp >= 0xff01 && cp <= 0xffee);

/** One code point's width mapping (itself when it has none). */
function widthMapped(char: string): string {
  const cp = char.codePointAt(0)!;
  if (!inWidthBlock(cp)) return char;
  const run = ONE_STEP_WIDTH.find(([first, last]) => cp >= first && cp <= last);
  if (run !== undefined) return String.fromCodePoint(run[2] + cp - run[0]);
  // Every other code point of the block with a decomposition has a <wide> or <narrow> one that NFKC
  // applies in one step (the block holds no other kind); unassigned ones stay as they are.
  return char.normalize("NFKC");
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The prepared form of a userName, the form two userNames are compared in (RFC 7613 §3.2.3 / RFC 8265
 * §3.3.3: equal when their prepared forms are the same code points).
 */
export function prepareUserName(value: string, caseExact: boolean): string {
  // ASCII has no width mapping and is in NFC already.
  if (!NON_ASCII.test(value)) return caseExact ? value : value.toLowerCase();
  const mapped = Array.from(value, widthMapped).join("");
  return (caseExact ? mapped : mapped.toLowerCase()).normalize("NFC");
}

/** Is this attribute definition the one RFC 7644 §5 names (User `userName`)? */
export const isUserNameAttribute = (def: { name: string; type: string }): boolean =>
  def.type === "string" && def.name.toLowerCase() === "username";
