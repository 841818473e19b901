/**
 * Loaded in every conformance worker (vitest setupFiles). A worker whose vitest parent is gone (Ctrl-C, a killed
 * run) must end too: seen here, a forked worker outlived its run by 15 minutes, still polling a cluster in a
 * sandbox that cleanup had removed. The IPC channel to the parent closes when the parent exits.
 */
process.once("disconnect", () => process.exit(130));
