import { expect, it } from "vitest";
import { ENTERPRISE_URN, patchBody, setup } from "../test-support.ts";

it("with manager-string-rejected, a bare-string manager answers 400 invalidValue (B11)", async () => {
  const api = setup({ quirks: ["manager-string-rejected"] });
  const [boss, id] = [await api.createUser("boss"), await api.createUser("alice")];
  const res = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "add", path: `${ENTERPRISE_URN}:manager`, value: boss }),
  );
  expect(res.status).toBe(400);
  expect(res.body.scimType).toBe("invalidValue");
  const pathless = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "replace", value: { [ENTERPRISE_URN]: { manager: boss } } }),
  );
  expect(pathless.status).toBe(400);
  expect((await api.get(`/Users/${id}`)).body).not.toHaveProperty([ENTERPRISE_URN]);
});

it("with manager-string-rejected, a manager object still applies", async () => {
  const api = setup({ quirks: ["manager-string-rejected"] });
  const [boss, id] = [await api.createUser("boss"), await api.createUser("alice")];
  const res = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "add", path: `${ENTERPRISE_URN}:manager`, value: { value: boss } }),
  );
  expect(res.status).toBe(200);
  expect(res.body[ENTERPRISE_URN]).toEqual({ manager: { value: boss } });
});
