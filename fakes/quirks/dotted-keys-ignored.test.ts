import { expect, it } from "vitest";
import { ENTERPRISE_URN, patchBody, setup } from "../test-support.ts";

const entraFlagBody = patchBody({
  op: "replace",
  value: {
    displayName: "Bjfe",
    "name.givenName": "Kkom",
    "name.familyName": "Unua",
    [`${ENTERPRISE_URN}:employeeNumber`]: "Aklq",
  },
});

it("without the quirk, Entra's dotted and URN keys apply (tolerant mode)", async () => {
  const api = setup();
  const id = await api.createUser("alice");
  const res = await api.patch(`/Users/${id}`, entraFlagBody);
  expect(res.body).toMatchObject({
    displayName: "Bjfe",
    name: { givenName: "Kkom", familyName: "Unua" },
    [ENTERPRISE_URN]: { employeeNumber: "Aklq" },
  });
});

it("with dotted-keys-ignored, only the plain key applies and the PATCH still succeeds (B5)", async () => {
  const api = setup({ quirks: ["dotted-keys-ignored"] });
  const id = await api.createUser("alice");
  const res = await api.patch(`/Users/${id}`, entraFlagBody);
  expect(res.status).toBe(200);
  expect(res.body.displayName).toBe("Bjfe");
  expect(res.body).not.toHaveProperty("name");
  expect(res.body).not.toHaveProperty([ENTERPRISE_URN]);
});

it("with dotted-keys-ignored, dotted paths and extension objects under the schema URN still apply", async () => {
  const api = setup({ quirks: ["dotted-keys-ignored"] });
  const id = await api.createUser("alice");
  const res = await api.patch(
    `/Users/${id}`,
    patchBody(
      { op: "replace", path: "name.givenName", value: "Kkom" },
      { op: "replace", value: { [ENTERPRISE_URN]: { employeeNumber: "Aklq" } } },
    ),
  );
  expect(res.body).toMatchObject({
    name: { givenName: "Kkom" },
    [ENTERPRISE_URN]: { employeeNumber: "Aklq" },
  });
});
