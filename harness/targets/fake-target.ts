/**
 * The embedded reference fake SP as a target: `fake`, `fake:<profile>`, `fake:<profile>+quirk1+quirk2`.
 * It listens on an ephemeral loopback port and lets scenarios expire and issue tokens.
 */
import {
  createFakeServiceProvider,
  type FakeServiceProvider,
  type FakeServiceProviderOptions,
} from "../../fakes/create-fake-service-provider.ts";
import { ConfigurationError } from "../errors.ts";
import type { ScimTarget, StartedScimTarget } from "./scim-target.ts";

export interface FakeTargetSpec {
  profile: string;
  quirks: string[];
}

/** Parses `fake[:<profile>][+quirk…]`. */
export function parseFakeSpec(spec: string): FakeTargetSpec {
  const rest =
    spec === "fake"
      ? ""
      : spec.startsWith("fake:")
        ? spec.slice(5)
        : spec.startsWith("fake+")
          ? spec.slice(4)
          : undefined;
  if (rest === undefined) throw new ConfigurationError(`not a fake target: ${spec}`);
  const [profile, ...quirks] = rest.split("+");
  return { profile: profile || "generic", quirks: quirks.filter(Boolean) };
}

/**
 * Serves an existing fake SP on a loopback port as a started target, with token controls. Tests that
 * build a fake with their own quirks use this; `FakeTarget` is the same for `fake:<profile>+quirk`.
 */
export async function serveFake(
  fake: FakeServiceProvider,
  t0 = performance.now(),
): Promise<StartedScimTarget> {
  const listening = await fake.listen();
  const stop = () => listening.close();
  return {
    kind: "fake",
    baseUrl: listening.baseUrl,
    token: fake.tokens.primary,
    details: { profile: fake.profile.name, quirks: fake.quirks.map((q) => q.id) },
    tokenControls: {
      expireToken: async (token) => fake.tokens.expire(token),
      issueToken: async () => fake.tokens.issue({}),
    },
    startupMs: Math.round(performance.now() - t0),
    logs: () => [],
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

export class FakeTarget implements ScimTarget {
  constructor(
    private readonly spec: FakeTargetSpec,
    private readonly options: Omit<FakeServiceProviderOptions, "profile" | "quirks"> = {},
  ) {}

  async start(): Promise<StartedScimTarget> {
    const t0 = performance.now();
    let fake;
    try {
      fake = createFakeServiceProvider({
        ...this.options,
        profile: this.spec.profile as never,
        quirks: this.spec.quirks,
      });
    } catch (cause) {
      throw new ConfigurationError(`--target fake:${this.spec.profile}: ${(cause as Error).message}`, {
        cause,
      });
    }
    return serveFake(fake, t0);
  }
}
