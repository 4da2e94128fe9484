import { expect, it } from "vitest";
import { ENTERPRISE_URN, patchBody, setup } from "../test-support.ts";

async function userWithManager(quirks: string[]) {
  const api = setup({ quirks });
  const boss = await api.createUser("boss");
  const id = await api.createUser("alice", { [ENTERPRISE_URN]: { manager: { value: boss } } });
  return { api, boss, id };
}

it("with manager-filter-rejected, removing manager[value eq id] answers 400 and keeps the manager (B11)", async () => {
  const { api, boss, id } = await userWithManager(["manager-filter-rejected"]);
  const res = await api.patch(
    `/Users/${id}`,
    patchBody({ op: "remove", path: `manager[value eq "${boss}"]` }),
  );
  expect(res.status).toBe(400);
  expect(res.body.detail).toBe("Impossible to search on a mono valued attribute");
  expect((await api.get(`/Users/${id}`)).body[ENTERPRISE_URN]).toEqual({ manager: { value: boss } });
});

it("without the quirk the filtered removal works; with it, remove by plain path still works", async () => {
  const clean = await userWithManager([]);
  const ok = await clean.api.patch(
    `/Users/${clean.id}`,
    patchBody({ op: "remove", path: `manager[value eq "${clean.boss}"]` }),
  );
  expect(ok.body).not.toHaveProperty([ENTERPRISE_URN]);
  const { api, id } = await userWithManager(["manager-filter-rejected"]);
  const res = await api.patch(`/Users/${id}`, patchBody({ op: "remove", path: `${ENTERPRISE_URN}:manager` }));
  expect(res.status).toBe(200);
  expect(res.body).not.toHaveProperty([ENTERPRISE_URN]);
});
