import { expect, it } from "vitest";
import { createFakeClock } from "../clock.ts";
import { createTokenRegistry } from "./token-registry.ts";

const clock = () => createFakeClock("2026-01-01T00:00:00.000Z");

it("issues a random primary token and accepts it with the Bearer scheme in any case", () => {
  const tokens = createTokenRegistry({ clock: clock() });
  expect(tokens.primary).toMatch(/^scim_[A-Za-z0-9_-]{32}$/);
  expect(tokens.authenticate(`Bearer ${tokens.primary}`)).toMatchObject({ ok: true });
  expect(tokens.authenticate(`bearer ${tokens.primary}`)).toMatchObject({ ok: true });
});

it("names why authentication failed", () => {
  const c = clock();
  const tokens = createTokenRegistry({ clock: c, primary: { value: "p" } });
  const revoked = tokens.issue();
  tokens.revoke(revoked);
  const expiring = tokens.issue({ expiresAt: new Date("2026-01-01T00:00:10.000Z") });
  expect(tokens.authenticate(undefined)).toEqual({ ok: false, reason: "missing" });
  expect(tokens.authenticate("Basic dXNlcjpwYXNz")).toEqual({ ok: false, reason: "malformed" });
  expect(tokens.authenticate("Bearer nope")).toEqual({ ok: false, reason: "unknown" });
  expect(tokens.authenticate(`Bearer ${revoked}`)).toEqual({ ok: false, reason: "revoked" });
  expect(tokens.authenticate(`Bearer ${expiring}`)).toMatchObject({ ok: true });
  c.advance(10_000);
  expect(tokens.authenticate(`Bearer ${expiring}`)).toEqual({ ok: false, reason: "expired" });
});

it("checks the audience: the default audience is given to new tokens, null means none", () => {
  const tokens = createTokenRegistry({
    clock: clock(),
    defaultAudience: "https://api.example/scim",
    primary: { value: "p" },
  });
  expect(tokens.get("p")?.audience).toBe("https://api.example/scim");
  const other = tokens.issue({ audience: "https://elsewhere" });
  const none = tokens.issue({ audience: null });
  expect(tokens.authenticate("Bearer p", "https://api.example/scim")).toMatchObject({ ok: true });
  expect(tokens.authenticate(`Bearer ${other}`, "https://api.example/scim")).toEqual({
    ok: false,
    reason: "audience",
  });
  expect(tokens.authenticate(`Bearer ${none}`, "https://api.example/scim")).toEqual({
    ok: false,
    reason: "audience",
  });
  expect(tokens.authenticate(`Bearer ${none}`)).toMatchObject({ ok: true });
});

it("rotate issues a new token with the same audience, label and expiry; the old one stays valid", () => {
  const tokens = createTokenRegistry({
    clock: clock(),
    primary: { value: "old", audience: "aud", label: "Entra", expiresAt: new Date("2027-01-01T00:00:00Z") },
  });
  const fresh = tokens.rotate("old");
  expect(tokens.get(fresh)).toMatchObject({ audience: "aud", label: "Entra", revoked: false });
  expect(tokens.get(fresh)?.expiresAt?.toISOString()).toBe("2027-01-01T00:00:00.000Z");
  expect(tokens.authenticate("Bearer old", "aud")).toMatchObject({ ok: true });
  const renewed = tokens.rotate("old", { expiresAt: new Date("2028-01-01T00:00:00Z") });
  expect(tokens.get(renewed)?.expiresAt?.toISOString()).toBe("2028-01-01T00:00:00.000Z");
});

it("expire makes a token fail from the current clock time on", () => {
  const tokens = createTokenRegistry({ clock: clock(), primary: { value: "p" } });
  tokens.expire("p");
  expect(tokens.authenticate("Bearer p")).toEqual({ ok: false, reason: "expired" });
  expect(tokens.list()).toHaveLength(1);
});

it("refuses duplicate, empty or unknown tokens in its own API with TypeError", () => {
  const tokens = createTokenRegistry({ clock: clock(), primary: { value: "p" } });
  expect(() => tokens.issue({ value: "p" })).toThrow(TypeError);
  expect(() => tokens.issue({ value: "has space" })).toThrow(TypeError);
  expect(() => tokens.revoke("unknown")).toThrow(TypeError);
});
