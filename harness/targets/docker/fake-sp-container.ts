/**
 * The fake SP image (`npm run fake:image`) as a ready-made ContainerTarget: profile, quirks, the token
 * handed over in `SCIM_TOKEN`, and token control through the fake's `/_admin` API.
 */
import { randomBytes } from "node:crypto";
import { createFakeServiceProvider } from "../../../fakes/create-fake-service-provider.ts";
import type { ProfileName } from "../../../fakes/profiles/app-profile.ts";
import { ContainerTarget } from "./container-target.ts";
import { FAKE_SP_IMAGE } from "./fake-image.ts";
import type { TokenControls } from "../scim-target.ts";

export interface FakeSpContainerOptions {
  profile?: ProfileName;
  /** Quirk ids, e.g. `["filter-miss-404"]`. */
  quirks?: string[];
  /** Default: a random token. */
  token?: string;
  /** Default: `scim-harness/fake-sp:local`. */
  image?: string;
}

/** Token control over the fake's admin API (fakes/core/admin-handlers.ts). */
export function fakeAdminTokenControls(origin: string, secret: string): TokenControls {
  const admin = async (path: string, body: unknown) => {
    const res = await fetch(`${origin}/_admin${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST /_admin${path}: HTTP ${res.status}`);
    return res.status === 204 ? undefined : ((await res.json()) as { token?: string });
  };
  return {
    expireToken: async (token) => void (await admin("/tokens/expire", { token })),
    issueToken: async () => {
      const token = (await admin("/tokens", {}))?.token;
      if (typeof token !== "string") throw new Error("POST /_admin/tokens: no token in the answer");
      return token;
    },
  };
}

/** A ContainerTarget of the fake SP image, configured through its environment (fake-container-entry.ts). */
export function fakeSpContainer(options: FakeSpContainerOptions = {}): ContainerTarget {
  const profile = options.profile ?? "generic";
  const token = options.token ?? `tok_${randomBytes(12).toString("hex")}`;
  const adminSecret = `adm_${randomBytes(12).toString("hex")}`;
  return new ContainerTarget(options.image ?? FAKE_SP_IMAGE)
    .withBasePath(createFakeServiceProvider({ profile }).basePath)
    .withToken(token)
    .withEnv({
      SCIM_TOKEN: token,
      FAKE_PROFILE: profile,
      FAKE_QUIRKS: (options.quirks ?? []).join(","),
      FAKE_ADMIN_SECRET: adminSecret,
    })
    .withTokenControls((origin) => fakeAdminTokenControls(origin, adminSecret));
}
