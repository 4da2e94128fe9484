/**
 * A credential the target must refuse (expired, revoked or rotated out), as a capability of the session.
 * Two sources provide it:
 *
 * - the target's token controls (the fake SP, an SP with an admin API): a token is issued, then expired
 *   on the target;
 * - `--expired-token-env <VAR>`: a credential the operator knows the target refuses (an expired or
 *   revoked token of a URL, image, Dockerfile or command target), taken from the environment. It is a
 *   secret like the main token: it is redacted from every output and never written anywhere.
 *
 * The token scenarios (`expireToken`, `rotateToken`) and the contract check of refused credentials use
 * this one interface, so they run on any target that has one of the two.
 */
import type { StartedScimTarget, TokenControls } from "../targets/scim-target.ts";

export interface RefusedCredential {
  /** Where the refused credential comes from, for reports (never the credential itself). */
  readonly source: string;
  /**
   * A credential the target accepts, for one scenario or check of its own: a freshly issued token when the
   * target has token controls (so expiring it disturbs nothing running beside it), else the run's token.
   */
  accepted(): Promise<string | undefined>;
  /**
   * The credential the target must refuse from now on. With token controls `current` is expired on the
   * target and returned; with `--expired-token-env` the refused credential is returned and `current`
   * stays valid (the IdP just sends the refused one, as it does after a token expired).
   */
  refuse(current: string | undefined): Promise<string>;
}

/** The refused credential from a target's token controls: issue, then expire. */
export function fromTokenControls(controls: TokenControls): RefusedCredential {
  return {
    source: "a token the target issued, then expired through its token controls",
    accepted: () => controls.issueToken(),
    async refuse(current) {
      const token = current ?? (await controls.issueToken());
      await controls.expireToken(token);
      return token;
    },
  };
}

/** The refused credential given in an environment variable (`--expired-token-env`). */
function fromExpiredToken(token: string, variable: string, goodToken: string | undefined): RefusedCredential {
  return {
    source: `the credential in $${variable} (--expired-token-env)`,
    accepted: () => Promise.resolve(goodToken),
    refuse: () => Promise.resolve(token),
  };
}

/** What the session offers: the explicit credential first, else the target's token controls, else none. */
export function refusedCredentialOf(
  target: StartedScimTarget,
  expired: { token: string; variable: string } | undefined,
  controls: TokenControls | undefined = target.tokenControls,
): RefusedCredential | undefined {
  if (expired !== undefined) return fromExpiredToken(expired.token, expired.variable, target.token);
  return controls !== undefined ? fromTokenControls(controls) : undefined;
}

/** Why a run has no refused credential (scenarios and checks that need one are not applicable). */
export const NO_REFUSED_CREDENTIAL =
  "no credential the target must refuse: the target has no token controls and --expired-token-env is not set";
