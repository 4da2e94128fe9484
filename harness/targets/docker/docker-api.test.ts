import { expect, it } from "vitest";
import { dockerEndpoint, dockerPing } from "./docker-api.ts";

it("talks to the socket DOCKER_HOST names, or the default socket", () => {
  expect(dockerEndpoint({})).toEqual({ socketPath: "/var/run/docker.sock" });
  expect(dockerEndpoint({ DOCKER_HOST: "unix:///run/user/1000/docker.sock" })).toEqual({
    socketPath: "/run/user/1000/docker.sock",
  });
  expect(dockerEndpoint({ DOCKER_HOST: "tcp://10.0.0.5:2375" })).toEqual({ host: "10.0.0.5", port: 2375 });
});

it("a ping to a socket that does not exist answers false, never throws", async () => {
  const previous = process.env["DOCKER_HOST"];
  process.env["DOCKER_HOST"] = "unix:///nonexistent/docker.sock";
  try {
    await expect(dockerPing(500)).resolves.toBe(false);
  } finally {
    if (previous === undefined) delete process.env["DOCKER_HOST"];
    else process.env["DOCKER_HOST"] = previous;
  }
});
