import { expect, it } from "vitest";
import { ENTERPRISE_URN, setup } from "../test-support.ts";

it("with manager-returned-as-string, GET and list show manager as a bare string (B11)", async () => {
  const api = setup({ quirks: ["manager-returned-as-string"] });
  const boss = await api.createUser("boss");
  const id = await api.createUser("alice", {
    [ENTERPRISE_URN]: { manager: { value: boss }, department: "R&D" },
  });
  expect((await api.get(`/Users/${id}`)).body[ENTERPRISE_URN]).toEqual({ manager: boss, department: "R&D" });
  const list = await api.get(`/Users?filter=${encodeURIComponent('userName eq "alice"')}`);
  expect(list.body.Resources[0][ENTERPRISE_URN].manager).toBe(boss);
});

it("with manager-returned-as-string, users without a manager and the stored value are unchanged", async () => {
  const api = setup({ quirks: ["manager-returned-as-string"] });
  const boss = await api.createUser("boss", { [ENTERPRISE_URN]: { department: "Board" } });
  const id = await api.createUser("alice", { [ENTERPRISE_URN]: { manager: { value: boss } } });
  expect((await api.get(`/Users/${boss}`)).body[ENTERPRISE_URN]).toEqual({ department: "Board" });
  const stored = api.fake.store.get("User", id);
  expect(stored?.[ENTERPRISE_URN]).toEqual({ manager: { value: boss } });
});
