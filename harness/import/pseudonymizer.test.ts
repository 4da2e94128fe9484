import { expect, it } from "vitest";
import { createPseudonymizer } from "./pseudonymizer.ts";

const UPN = "alice.wong@contoso.com";
const GUID_A = "0c2d8f3e-7b1a-4d5e-9f60-1a2b3c4d5e6f";

it("maps the same value to the same fake, whatever the order or the case of an address", () => {
  const a = createPseudonymizer({ seed: 7 });
  const first = a.value("address", UPN);
  a.value("address", "bob@contoso.com");
  expect(a.value("address", "Alice.Wong@Contoso.com")).toBe(first);

  const b = createPseudonymizer({ seed: 7 });
  b.value("givenName", "Zed");
  expect(b.value("address", UPN)).toBe(first);
});

it("never returns the original and produces well-formed fakes", () => {
  const p = createPseudonymizer({ seed: 3 });
  expect(p.value("address", UPN)).toMatch(/^[a-z0-9]+\.[a-z0-9]+@example\.com$/);
  expect(p.value("id", GUID_A)).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  expect(p.value("id", GUID_A)).not.toBe(GUID_A);
  expect(p.value("givenName", "Alice")).not.toBe("Alice");
  expect(p.value("phone", "+44 20 7946 0000")).toMatch(/^\+1 555 01\d\d \d{4}$/);
  expect(p.value("number", "E-1029")).toMatch(/^\d{6}$/);
});

it("gives different seeds different fakes and different originals different fakes", () => {
  const one = createPseudonymizer({ seed: 1 });
  const two = createPseudonymizer({ seed: 2 });
  expect(one.value("address", UPN)).not.toBe(two.value("address", UPN));
  const values = ["a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com", "f@x.com"].map((v) =>
    one.value("address", v),
  );
  expect(new Set(values).size).toBe(6);
});

it("scrubs known values, unknown e-mail addresses and GUIDs from free text", () => {
  const p = createPseudonymizer({ seed: 5 });
  const fakeUpn = p.value("address", UPN);
  const fakeName = p.value("displayName", "Alice Wong");
  const text = `User 'Alice Wong' (${UPN}, ${GUID_A}) conflicts with carol@fabrikam.com`;
  const out = p.scrub(text);
  expect(out).toContain(`User '${fakeName}' (${fakeUpn}, ${p.value("id", GUID_A)})`);
  expect(out).not.toMatch(/alice|wong|carol|fabrikam|0c2d8f3e/i);
});

it("keeps everything with keep: true", () => {
  const p = createPseudonymizer({ keep: true });
  expect(p.value("address", UPN)).toBe(UPN);
  expect(p.scrub(`x ${UPN} ${GUID_A}`)).toBe(`x ${UPN} ${GUID_A}`);
});

it("does not map a replaced value a second time (ids and addresses seen before)", () => {
  const p = createPseudonymizer({ seed: 9 });
  const id = p.value("id", GUID_A);
  const upn = p.value("address", UPN);
  expect(p.scrub(`${GUID_A} ${UPN}`)).toBe(`${id} ${upn}`);
});

it("gives one person coherent fakes across name, display name, UPN, mail and nickname", () => {
  const p = createPseudonymizer({ seed: 4 });
  p.person("object-1", {
    givenName: "Alice",
    familyName: "Wong",
    displayName: "Alice Wong",
    addresses: [UPN, "alice@contoso.mail.example"],
    handle: "alice.wong",
  });
  const first = p.value("givenName", "Alice");
  const last = p.value("familyName", "Wong");
  expect(p.value("displayName", "Alice Wong")).toBe(`${first} ${last}`);
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
  expect(p.value("address", UPN)).toBe(`${local}@example.com`);
  expect(p.value("handle", "alice.wong")).toBe(local);
  // A second address of the same person gets a distinct address.
  expect(p.value("address", "alice@contoso.mail.example")).toBe(`${local}2@example.com`);
});
