#!/usr/bin/env node
// The scim-harness command. TypeScript runs directly through tsx: there is no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
