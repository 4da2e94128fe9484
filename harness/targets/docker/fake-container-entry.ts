/**
 * Entry point of the fake SP image (`npm run fake:image`) and of `command:` runs of the fake: serves
 * `createFakeServiceProvider` on 0.0.0.0:$PORT, configured from the environment, and exits on SIGTERM
 * (it is PID 1 in the container, which gets no default signal handlers).
 *
 * PORT (8080) · SCIM_TOKEN (the primary bearer token; random when unset) · FAKE_PROFILE (generic) ·
 * FAKE_QUIRKS (comma-separated quirk ids) · FAKE_TENANT · FAKE_PATCH_MODE (tolerant|strict) ·
 * FAKE_ADMIN_SECRET (enables `/_admin` with this bearer secret) · FAKE_HOST (0.0.0.0) ·
 * FAKE_EXPIRED_TOKEN (a second bearer token, issued already expired: a credential the server must refuse,
 * for runs with `--expired-token-env`) · FAKE_MAX_RESULTS (filter.maxResults and the largest page; the
 * profile's when unset).
 */
// direct imports, not the fakes/ barrel: it would load msw into the image
import { createOffsetClock } from "../../../fakes/clock.ts";
import { createFakeServiceProvider } from "../../../fakes/create-fake-service-provider.ts";

const env = process.env;
const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

const patchMode = env["FAKE_PATCH_MODE"] === "strict" ? "strict" : "tolerant";
const fake = createFakeServiceProvider({
  profile: (env["FAKE_PROFILE"] || "generic") as "generic",
  quirks: list(env["FAKE_QUIRKS"]),
  patchMode,
  clock: createOffsetClock(),
  ...(env["FAKE_TENANT"] ? { tenantId: env["FAKE_TENANT"] } : {}),
  ...(env["SCIM_TOKEN"] ? { tokens: { value: env["SCIM_TOKEN"] } } : {}),
  ...(env["FAKE_ADMIN_SECRET"] ? { admin: { secret: env["FAKE_ADMIN_SECRET"] } } : {}),
  ...(env["FAKE_MAX_RESULTS"] ? { maxResults: Number(env["FAKE_MAX_RESULTS"]) } : {}),
});
if (env["FAKE_EXPIRED_TOKEN"]) {
  fake.tokens.issue({ value: env["FAKE_EXPIRED_TOKEN"], expiresAt: new Date(0), label: "expired" });
  console.log("a second token, expired, is refused");
}
const listening = await fake.listen(Number(env["PORT"] || 8080), env["FAKE_HOST"] || "0.0.0.0");
const quirks = fake.quirks.map((q) => q.id).join(", ") || "none";
console.log(`scim-harness fake SP: profile ${fake.profile.name}, quirks ${quirks}, PATCH ${patchMode}`);
console.log(`listening on ${listening.baseUrl}${fake.adminSecret !== undefined ? " (admin API on)" : ""}`);
if (!env["SCIM_TOKEN"]) console.log(`token: ${fake.tokens.primary}`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    void listening.close().then(() => process.exit(0));
  });
}
