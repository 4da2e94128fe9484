import { describe, expect, it } from "vitest";
import { evaluateFilter } from "./filter-evaluate.ts";
import { parseFilter } from "./filter-parser.ts";
import { prepareUserName } from "./precis.ts";
import { USER_RESOURCE_TYPE } from "./schemas.ts";

// Expected forms written by hand from RFC 8265 §3.3 (width mapping, toLowerCase, NFC) and UnicodeData.txt.
describe("prepareUserName (RFC 7644 §5: PRECIS UsernameCaseMapped / UsernameCasePreserved)", () => {
  it.each([
    ["NFD e + combining acute → NFC é", "Jose\u0301", true, "Jos\u00e9"],
    ["fullwidth Latin → ASCII (<wide>)", "\uff2a\uff4f\uff53\uff45", true, "Jose"],
    ["KELVIN SIGN → K (NFC singleton)", "\u212aevin", true, "Kevin"],
    ["halfwidth katakana KA + voiced mark → GA (narrow, then NFC composes)", "\uff76\uff9e", true, "\u30ac"],
    ["halfwidth Hangul → compatibility jamo, not conjoining jamo", "\uffa1", true, "\u3131"],
    ["FULLWIDTH MACRON → MACRON, not space + combining macron", "\uffe3", true, "\u00af"],
    ["IDEOGRAPHIC SPACE → space", "a\u3000b", true, "a b"],
    ["case mapped when not caseExact", "\uff2aOS\u00c9", false, "jos\u00e9"],
    ["ASCII unchanged when caseExact", "Alice.Smith@Contoso.com", true, "Alice.Smith@Contoso.com"],
    ["ASCII lower-cased when not caseExact", "Alice.Smith@Contoso.com", false, "alice.smith@contoso.com"],
    [
      "compatibility characters outside the width rule are kept (ﬁ ligature, ①)",
      "\ufb01\u2460",
      true,
      "\ufb01\u2460",
    ],
  ])("%s", (_why, input, caseExact, prepared) => {
    expect(prepareUserName(input, caseExact)).toBe(prepared);
  });
});

describe("userName filters compare prepared strings (RFC 7644 §7.8)", () => {
  const user = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "jos\u00e9@example.com" };
  const matches = (filter: string): boolean => evaluateFilter(parseFilter(filter), user, USER_RESOURCE_TYPE);

  it.each([
    ['userName eq "jose\u0301@example.com"', true], // NFD spelling
    ['userName eq "\uff2aOS\u00c9@example.com"', true], // fullwidth J, upper case
    ['userName sw "jose\u0301"', true],
    ['userName eq "jose@example.com"', false], // a different name: no accent
    ['userName ne "jose\u0301@example.com"', false],
  ])("%s → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it("other string attributes are not prepared (§5 names userName and password only)", () => {
    const named = { ...user, displayName: "Jos\u00e9" };
    expect(evaluateFilter(parseFilter('displayName eq "Jose\u0301"'), named, USER_RESOURCE_TYPE)).toBe(false);
  });
});
