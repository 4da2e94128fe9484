import { expect, it } from "vitest";
import { USER_URN, setup } from "../test-support.ts";
import { usernameLowercased } from "./username-lowercased.ts";

it("with username-lowercased, a UPN-shaped userName is stored and returned lower-cased", async () => {
  const api = setup({ quirks: [usernameLowercased] });
  const res = await api.post("/Users", { schemas: [USER_URN], userName: "Alice.Smith@Contoso.com" });
  expect(res.status).toBe(201);
  expect(res.body.userName).toBe("alice.smith@contoso.com");
  expect((await api.get(`/Users/${res.body.id}`)).body.userName).toBe("alice.smith@contoso.com");
});

it("without the quirk the case is kept", async () => {
  const api = setup();
  const res = await api.post("/Users", { schemas: [USER_URN], userName: "Alice.Smith@Contoso.com" });
  expect(res.body.userName).toBe("Alice.Smith@Contoso.com");
});
