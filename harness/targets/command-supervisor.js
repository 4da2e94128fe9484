// Supervisor of a `command:` target (plain JS: started with `node`, no loader, ~40 ms).
// Runs `sh -c <command>` in its own process group and kills the whole group (SIGTERM, then SIGKILL
// after a grace period) when its stdin closes, which happens when the harness stops the target or
// dies in any way (even SIGKILL), or when it gets SIGTERM/SIGINT. Exits with the command's status.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { setTimeout } from "node:timers";

const command = process.argv[2];
const graceMs = Number(process.env["SCIM_HARNESS_KILL_GRACE_MS"] || 3000);
if (command === undefined) {
  process.stderr.write("usage: command-supervisor.js <shell command>\n");
  process.exit(2);
}

const child = spawn("sh", ["-c", command], { detached: true, stdio: ["ignore", "inherit", "inherit"] });
let exited = false;

/** Signals the command's process group; false when the group is gone. */
function signalGroup(signal) {
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  if (!signalGroup("SIGTERM")) process.exit(0);
  setTimeout(() => {
    signalGroup("SIGKILL");
    process.exit(exited ? 0 : 137);
  }, graceMs).unref();
}

child.on("exit", (code, signal) => {
  exited = true;
  signalGroup("SIGKILL"); // whatever the command left running in its group
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});
child.on("error", (e) => {
  process.stderr.write(`cannot start the command: ${e.message}\n`);
  process.exit(127);
});
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
