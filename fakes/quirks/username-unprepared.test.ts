import { expect, it } from "vitest";
import { PATCH_URN, USER_URN, setup } from "../test-support.ts";

const NFC = "jos\u00e9@example.com";
const NFD = "jose\u0301@example.com";
const FULLWIDTH = "\uff4aos\u00e9@example.com";
const byFilter = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

it("username-unprepared: other spellings of a userName are other users, returned and found as sent", async () => {
  const api = setup({ quirks: ["username-unprepared"] });
  const nfc = await api.createUser(NFC);
  const nfd = await api.post("/Users", { schemas: [USER_URN], userName: NFD });
  expect(nfd.status).toBe(201);
  expect(nfd.body.userName).toBe(NFD);
  expect((await api.post("/Users", { schemas: [USER_URN], userName: FULLWIDTH })).status).toBe(201);
  const found = await api.get(byFilter(`userName eq "${NFD}"`));
  expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([nfd.body.id]);
  expect((await api.get(`/Users/${nfc}`)).body.userName).toBe(NFC);
  // The same spelling is still one userName, and ASCII keeps its case-insensitive comparison.
  expect((await api.post("/Users", { schemas: [USER_URN], userName: NFD })).status).toBe(409);
  await api.createUser("Bob@Example.com");
  expect((await api.post("/Users", { schemas: [USER_URN], userName: "bob@example.com" })).status).toBe(409);
});

it("username-unprepared: a PATCH rename keeps the spelling sent; without the quirk the fake prepares", async () => {
  const api = setup({ quirks: ["username-unprepared"] });
  const id = await api.createUser("plain@example.com");
  await api.createUser(NFC);
  const renamed = await api.patch(`/Users/${id}`, {
    schemas: [PATCH_URN],
    Operations: [{ op: "replace", path: "userName", value: NFD }],
  });
  expect([renamed.status, renamed.body.userName]).toEqual([200, NFD]);
  const clean = setup();
  await clean.createUser(NFC);
  expect((await clean.post("/Users", { schemas: [USER_URN], userName: NFD })).status).toBe(409);
});
