/** A bound in seconds from the environment: the default when unset or empty, else a positive number or a refusal. */
export function positiveSeconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}=${raw}: a positive number of seconds`);
  return n;
}
