import request from "supertest";
import { expect, it } from "vitest";
import { ScimError } from "../../harness/scim/scim-error.ts";
import { scimErrorResponse } from "../core/scim-exchange.ts";
import { TOKEN, USER_URN, setup } from "../test-support.ts";
import { configureQuirk, defineQuirk } from "./quirk.ts";
import type { Quirk } from "./quirk.ts";

const base = { title: "t", bugIds: [], sources: [], description: "d" };

const tagging = (id: string): Quirk =>
  defineQuirk({
    ...base,
    id,
    hooks: {
      onResponse: (_ctx, res) => ({
        ...res,
        headers: { ...res.headers, "x-order": `${res.headers["x-order"] ?? ""}${id};` },
      }),
    },
  });

it("defineQuirk rejects ids that are not kebab-case and bug ids not like B9", () => {
  expect(() => defineQuirk({ ...base, id: "Not_Kebab", hooks: {} })).toThrow(TypeError);
  expect(() => defineQuirk({ ...base, id: "ok", bugIds: ["9"], hooks: {} })).toThrow(/B9/);
  expect(defineQuirk({ ...base, id: "ok", bugIds: ["B12"], hooks: {} }).id).toBe("ok");
});

it("runs onResponse hooks in the order the quirks were given", async () => {
  const api = setup({ quirks: [tagging("first"), tagging("second")] });
  const res = await api.get("/Users");
  expect(res.headers["x-order"]).toBe("first;second;");
});

it("an onRequest answer short-circuits auth, handling and onResponse hooks", async () => {
  const teapot = defineQuirk({
    ...base,
    id: "no-user-agent-403",
    hooks: {
      onRequest: (ctx) =>
        ctx.request.headers["user-agent"] === undefined
          ? { status: 403, headers: { "content-type": "text/html" }, text: "<html>Forbidden</html>" }
          : undefined,
    },
  });
  const api = setup({ quirks: [teapot, tagging("after")] });
  const blocked = await request(api.fake.app).get("/scim/v2/Users").unset("User-Agent");
  expect(blocked.status).toBe(403);
  expect(blocked.text).toBe("<html>Forbidden</html>");
  expect(blocked.headers["x-order"]).toBeUndefined();
  const allowed = await request(api.fake.app)
    .get("/scim/v2/Users")
    .set({ authorization: `Bearer ${TOKEN}`, "user-agent": "Entra" });
  expect(allowed.status).toBe(200);
  expect(allowed.headers["x-order"]).toBe("after;");
});

it("a hook that throws a ScimError produces that error; any other exception a 500", async () => {
  const rejecting = defineQuirk({
    ...base,
    id: "reject-body",
    hooks: {
      transformBody: () => {
        throw new ScimError(400, "invalidValue", "emails must not be null");
      },
    },
  });
  const api = setup({ quirks: [rejecting] });
  const res = await api.post("/Users", { schemas: [USER_URN], userName: "a" });
  expect(res.status).toBe(400);
  expect(res.body.detail).toBe("emails must not be null");
  const crashing = defineQuirk({
    ...base,
    id: "crash",
    hooks: { onRequest: () => Promise.reject(new Error("boom")) },
  });
  const crashed = await setup({ quirks: [crashing] }).get("/Users");
  expect(crashed.status).toBe(500);
  expect(crashed.body).toMatchObject({ status: "500" });
});

it("beforeCommit can change what is stored (e.g. active:false on create, B19)", async () => {
  const pending = defineQuirk({
    ...base,
    id: "create-inactive",
    hooks: {
      beforeCommit: (_ctx, change) =>
        change.operation === "create" ? { ...change.after, active: false } : change.after,
    },
  });
  const api = setup({ quirks: [pending] });
  const res = await api.post("/Users", { schemas: [USER_URN], userName: "a", active: true });
  expect(res.body.active).toBe(false);
});

it("a reset action destroys the connection", async () => {
  const reset = defineQuirk({
    ...base,
    id: "reset",
    hooks: { onRequest: () => ({ status: 0, headers: {}, action: "reset" }) },
  });
  const api = setup({ quirks: [reset] });
  await expect(api.get("/Users")).rejects.toThrow(/socket hang up|ECONNRESET/);
});

it("setQuirks switches quirks at runtime; state is private to each quirk", async () => {
  const counting = defineQuirk({
    ...base,
    id: "every-second-429",
    hooks: {
      onRequest(ctx) {
        const n = ((ctx.state["n"] as number | undefined) ?? 0) + 1;
        ctx.state["n"] = n;
        return n % 2 === 0 ? scimErrorResponse(429, undefined, "slow down") : undefined;
      },
    },
  });
  const api = setup();
  api.fake.setQuirks([counting]);
  expect((await api.get("/Users")).status).toBe(200);
  expect((await api.get("/Users")).status).toBe(429);
  api.fake.setQuirks([]);
  expect((await api.get("/Users")).status).toBe(200);
  expect((await api.get("/Users")).status).toBe(200);
});

it("configureQuirk applies a parameterised quirk's option", () => {
  const latency = defineQuirk({
    ...base,
    id: "latency-fixed",
    hooks: {},
    configure: (option) => {
      const ms = Number(option);
      if (!Number.isFinite(ms)) throw new TypeError("latency-fixed=<ms>");
      return { onRequest: async (ctx) => void (await ctx.sleep(ms)) };
    },
  });
  const configured = configureQuirk(latency, "25");
  expect(configured.id).toBe("latency-fixed=25");
  expect(configured.hooks.onRequest).toBeTypeOf("function");
  expect(() => configureQuirk(latency, "soon")).toThrow(TypeError);
  expect(() => configureQuirk(tagging("plain"), "1")).toThrow(/takes no option/);
});
