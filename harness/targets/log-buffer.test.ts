import { expect, it } from "vitest";
import { LogBuffer } from "./log-buffer.ts";

it("joins chunks into lines, keeps an unterminated last line, and drops CR", () => {
  const logs = new LogBuffer();
  logs.push("listen");
  logs.push("ing on :8080\r\nready");
  expect(logs.lines()).toEqual(["listening on :8080", "ready"]);
  logs.push(Buffer.from("\nGET /Users 200\n"));
  expect(logs.lines()).toEqual(["listening on :8080", "ready", "GET /Users 200"]);
  logs.note("[harness] stopping");
  expect(logs.tail(2)).toEqual(["GET /Users 200", "[harness] stopping"]);
});

it("keeps only the last `capacity` lines", () => {
  const logs = new LogBuffer(3);
  logs.push("1\n2\n3\n4\n5\n");
  expect(logs.lines()).toEqual(["3", "4", "5"]);
});
