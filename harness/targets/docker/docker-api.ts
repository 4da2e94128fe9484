/**
 * A few calls of the Docker Engine API over the daemon socket (`DOCKER_HOST`, default
 * `/var/run/docker.sock`), with no dependency and no `docker` CLI: ping, list and remove containers
 * and images. Used by the reaper, the image cache and the container tests' globalSetup.
 */
import { request, type RequestOptions } from "node:http";

/** Where the daemon listens: a unix socket, or host:port for `DOCKER_HOST=tcp://…` (plain HTTP). */
export function dockerEndpoint(env: NodeJS.ProcessEnv = process.env): RequestOptions {
  const host = env["DOCKER_HOST"];
  if (host?.startsWith("tcp://") || host?.startsWith("http://")) {
    const url = new URL(host.replace(/^tcp:/, "http:"));
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  return { socketPath: host?.startsWith("unix://") ? host.slice("unix://".length) : "/var/run/docker.sock" };
}

/** One Engine API call; resolves to the status and the parsed JSON body (or the text). */
export function dockerRequest(
  method: string,
  path: string,
  timeoutMs = 10_000,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ ...dockerEndpoint(), method, path, timeout: timeoutMs }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        let body: unknown = text;
        try {
          body = text === "" ? undefined : JSON.parse(text);
        } catch {
          // not JSON (ping answers "OK")
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on("timeout", () => req.destroy(new Error(`Docker API ${method} ${path}: timed out`)));
    req.on("error", reject);
    req.end();
  });
}

/** Is a Docker daemon reachable? `GET /_ping` with a short timeout; never throws. */
export async function dockerPing(timeoutMs = 2000): Promise<boolean> {
  try {
    return (await dockerRequest("GET", "/_ping", timeoutMs)).status === 200;
  } catch {
    return false;
  }
}

/** A container as `GET /containers/json` lists it. */
export interface ContainerSummary {
  Id: string;
  Image: string;
  State: string;
  Labels: Record<string, string>;
}

/** An image as `GET /images/json` lists it. */
export interface ImageSummary {
  Id: string;
  RepoTags: string[] | null;
  Labels: Record<string, string> | null;
}

const labelQuery = (labels: string[]) => encodeURIComponent(JSON.stringify({ label: labels }));

async function expectOk(method: string, path: string): Promise<unknown> {
  const { status, body } = await dockerRequest(method, path);
  if (status >= 300) {
    const message = (body as { message?: string } | undefined)?.message ?? String(body);
    throw new Error(`Docker API ${method} ${path}: ${status} ${message}`);
  }
  return body;
}

/** Containers (running or not) carrying every label filter, e.g. `["scim-harness=true"]`. */
export async function listContainers(labels: string[]): Promise<ContainerSummary[]> {
  return (await expectOk(
    "GET",
    `/containers/json?all=1&filters=${labelQuery(labels)}`,
  )) as ContainerSummary[];
}

/** Force-removes a container and its anonymous volumes; a container already gone is fine. */
export async function removeContainer(id: string): Promise<void> {
  const { status, body } = await dockerRequest("DELETE", `/containers/${id}?force=1&v=1`);
  if (status >= 300 && status !== 404 && status !== 409)
    throw new Error(`Docker API remove container ${id}: ${status} ${JSON.stringify(body)}`);
}

/** Images carrying every label filter. */
export async function listImages(labels: string[]): Promise<ImageSummary[]> {
  return (await expectOk("GET", `/images/json?filters=${labelQuery(labels)}`)) as ImageSummary[];
}

/** Removes an image (untagging it everywhere); an image gone or still in use is left alone. */
export async function removeImage(id: string): Promise<boolean> {
  const { status } = await dockerRequest("DELETE", `/images/${encodeURI(id)}?force=1`);
  return status < 300;
}

/** Id and labels of a local image, or undefined when there is no such image. */
export async function inspectImage(
  ref: string,
): Promise<{ id: string; labels: Record<string, string> } | undefined> {
  const { status, body } = await dockerRequest("GET", `/images/${encodeURI(ref)}/json`);
  if (status === 404) return undefined;
  if (status >= 300) throw new Error(`Docker API inspect image ${ref}: ${status}`);
  const image = body as { Id: string; Config?: { Labels?: Record<string, string> | null } };
  return { id: image.Id, labels: image.Config?.Labels ?? {} };
}
