#!/usr/bin/env node
import { runCli } from "./run";

// The exit code is set rather than forced, so pending output is flushed before the process ends.
process.exitCode = await runCli(process.argv.slice(2));
