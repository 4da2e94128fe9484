/**
 * IdP detection and Entra IdP-level steps on hand-made exchanges: the dialect shows in the PATCH forms, Okta
 * names itself, and a write the Entra model has no step for keeps the whole file raw.
 */
import { expect, it } from "vitest";
import type { HarExchange } from "./har-read.ts";
import { detectIdp, planEntraSteps } from "./har-idp.ts";
import { createPseudonymizer } from "./pseudonymizer.ts";

const ID = "0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9";
let n = 0;
const x = (method: HarExchange["method"], path: string, status: number, body?: object, response?: object) =>
  ({
    index: n++,
    method,
    path,
    endpoint: /^\/(\w+)/.exec(path)![1]!,
    headers: {},
    status,
    ...(body ? { body: JSON.stringify(body) } : {}),
    ...(response ? { responseBody: JSON.stringify(response) } : {}),
  }) satisfies HarExchange;
const pii = () => createPseudonymizer({ seed: 1, keep: false });
const create = x(
  "POST",
  "/Users",
  201,
  { userName: "a@contoso.com", name: { givenName: "Ann" } },
  { id: ID },
);

it("reads Entra's dialect from the PATCH forms and names what it saw", () => {
  const off = detectIdp([
    create,
    x("PATCH", `/Users/${ID}`, 204, { Operations: [{ op: "Replace", path: "active", value: "False" }] }),
  ]);
  expect(off).toMatchObject({ idp: "entra", inferred: true, known: true, aadOptscim062020: false });
  expect(off.summary).toMatch(/capitalised PATCH ops.*string booleans.*aadOptscim062020 off/);
  const probe = x("GET", `/Users?filter=userName+eq+%22${ID}%22`, 200, undefined, { totalResults: 0 });
  const on = detectIdp([
    probe,
    create,
    x("PATCH", `/Users/${ID}`, 204, { Operations: [{ op: "replace", path: "active", value: false }] }),
  ]);
  expect(on).toMatchObject({ idp: "entra", aadOptscim062020: true });
  const okta = detectIdp([{ ...create, headers: { "User-Agent": "Okta SCIM Client 1.0.0" } }]);
  expect(okta).toMatchObject({ idp: "okta", inferred: false, known: true });
  // Lower-case ops with booleans alone are any RFC client: not taken as Entra.
  expect(
    detectIdp([
      create,
      x("PATCH", `/Users/${ID}`, 204, { Operations: [{ op: "replace", path: "active", value: false }] }),
    ]),
  ).toMatchObject({ known: false });
});

it("plans assign + disable as IdP-level steps with the RFC-correct outcome, names pseudonymised", () => {
  const plan = planEntraSteps(
    [
      x("GET", '/Users?filter=userName+eq+"a%40contoso.com"', 200, undefined, { totalResults: 0 }),
      create,
      x("PATCH", `/Users/${ID}`, 200, {
        schemas: [],
        Operations: [{ op: "Replace", path: "active", value: "False" }],
      }),
    ],
    pii(),
  );
  expect(plan).toMatchObject({
    options: { disableVariant: "a" },
    planned: [
      { step: { do: "assignUser", user: "u1" } },
      {
        step: {
          do: "disableUser",
          user: "u1",
          expect: { status: [200, 204], state: [{ user: "u1", matches: "active eq false" }] },
        },
      },
    ],
  });
  expect("given" in plan && plan.given.users?.u1?.givenName).not.toBe("Ann");
});

it("keeps raw steps when a write has no IdP-level step", () => {
  const plan = planEntraSteps([create, x("PUT", `/Users/${ID}`, 200, { userName: "a@contoso.com" })], pii());
  expect(plan).toEqual({ reason: expect.stringMatching(/PUT \/Users\/\S+ has no Entra IdP-level step/) });
  const patch = planEntraSteps(
    [create, x("PATCH", `/Users/${ID}`, 200, { Operations: [{ op: "Replace", path: "title", value: "x" }] })],
    pii(),
  );
  expect(patch).toEqual({ reason: expect.stringMatching(/not a lone active PATCH/) });
});
