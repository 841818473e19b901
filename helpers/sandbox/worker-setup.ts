/**
 * Loaded in every conformance worker (vitest setupFiles): how a worker ends, and the freezing of idle cells.
 * A worker whose vitest parent is gone (Ctrl-C, a killed run) must end too: seen here, a forked worker outlived
 * its run by 15 minutes, still polling a cluster in a sandbox that cleanup had removed. The IPC channel to the parent closes when the parent exits.
 */
import { idleCells } from "./idle-freezer.js";

// This file runs again for every test file in the one worker process: one listener is enough (more made Node
// warn of a listener leak once there were over ten files).
if (process.listenerCount("disconnect") === 0) process.once("disconnect", () => process.exit(130));

// The worker runs the tests: here, and only here, cells idle between their tests are frozen (idle-freezer.ts).
idleCells.enableFreezing();
