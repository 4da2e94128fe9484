import { expect, it } from "vitest";
import { scimQuery } from "./http-intent.ts";

const filter = { filter: 'userName eq "a b"' };

it("encodes Entra's observed wire form by default: space as +, quote as %22 [C1]", () => {
  expect(scimQuery(filter, "plus")).toBe("filter=userName+eq+%22a+b%22");
  expect(scimQuery(filter)).toBe("filter=userName+eq+%22a+b%22");
  expect(scimQuery({ filter: 'userName eq "alice@contoso.com"' })).toBe(
    "filter=userName+eq+%22alice%40contoso.com%22",
  );
});

it("percent-encodes everything with the percent style", () => {
  expect(scimQuery(filter, "percent")).toBe("filter=userName%20eq%20%22a%20b%22");
  expect(scimQuery({ attributes: 'emails[type eq "work"].value' }, "percent")).toBe(
    "attributes=emails%5Btype%20eq%20%22work%22%5D.value",
  );
});

it("leaves quotes raw but makes spaces %20 with the raw style [S1]", () => {
  expect(scimQuery(filter, "raw")).toBe('filter=userName%20eq%20"a%20b"');
  expect(scimQuery({ filter: 'userName eq "alice@contoso.com"' }, "raw")).toBe(
    'filter=userName%20eq%20"alice@contoso.com"',
  );
  expect(scimQuery({ attributes: 'emails[type eq "work"].value' }, "raw")).toBe(
    'attributes=emails[type%20eq%20"work"].value',
  );
});

it("raw style still escapes what would break the query or the request line", () => {
  expect(scimQuery({ filter: 'x eq "a&b+c%#"' }, "raw")).toBe('filter=x%20eq%20"a%26b%2Bc%25%23"');
  expect(scimQuery({ filter: 'x eq "é\t"' }, "raw")).toBe('filter=x%20eq%20"%C3%A9%09"');
});

it("reproduces the 2019 capture with plusRawQuotes [C2]", () => {
  expect(scimQuery({ filter: 'externalId eq "9edf3db5"' }, "plusRawQuotes")).toBe(
    'filter=externalId+eq+"9edf3db5"',
  );
});

it("keeps parameter order, skips undefined values and joins with &", () => {
  expect(
    scimQuery({
      excludedAttributes: "members",
      filter: 'displayName eq "g"',
      count: undefined,
      startIndex: "1",
    }),
  ).toBe("excludedAttributes=members&filter=displayName+eq+%22g%22&startIndex=1");
  expect(scimQuery({})).toBe("");
  expect(scimQuery({ count: undefined })).toBe("");
});

it("sends a lone surrogate as U+FFFD instead of throwing", () => {
  expect(scimQuery({ filter: "\ud800" }, "percent")).toBe("filter=%EF%BF%BD");
  expect(scimQuery({ filter: "\ud800" }, "raw")).toBe("filter=%EF%BF%BD");
});
