/**
 * Any Node request handler (an express app, a bare `(req, res)` listener) as a target, served on an
 * ephemeral loopback port for the duration of the run.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ScimTarget, StartedScimTarget, TokenControls } from "./scim-target.ts";
import type { TargetKind } from "../../reports/index.ts";

export interface AppTargetOptions {
  /** Path of the SCIM API inside the app, e.g. `/scim/v2`. */
  basePath?: string;
  token?: string;
  tokenControls?: TokenControls;
  details?: StartedScimTarget["details"];
  kind?: TargetKind;
}

/** Listens on 127.0.0.1:0 and resolves once the port is bound. */
export function listenOnLoopback(handler: RequestListener): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}

/** Closes a server, cutting idle keep-alive connections so the process can exit. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export class AppTarget implements ScimTarget {
  constructor(
    private readonly handler: RequestListener,
    private readonly options: AppTargetOptions = {},
  ) {}

  async start(): Promise<StartedScimTarget> {
    const t0 = performance.now();
    const { server, port } = await listenOnLoopback(this.handler);
    const basePath = (this.options.basePath ?? "").replace(/\/+$/, "");
    const stop = () => closeServer(server);
    return {
      kind: this.options.kind ?? "app",
      baseUrl: `http://127.0.0.1:${port}${basePath}`,
      token: this.options.token,
      details: this.options.details ?? {},
      ...(this.options.tokenControls !== undefined ? { tokenControls: this.options.tokenControls } : {}),
      startupMs: Math.round(performance.now() - t0),
      logs: () => [],
      stop,
      [Symbol.asyncDispose]: stop,
    };
  }
}
