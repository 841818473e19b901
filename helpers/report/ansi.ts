/** ANSI colouring for terminal reports, a no-op when colour is off (pipes, NO_COLOR, tests). */

const SGR = { red: "1;31", green: "32", yellow: "33", dim: "2", bold: "1", cyan: "36" } as const;
/** The styles reports use. */
export type Style = keyof typeof SGR;
/** Wraps text in a style (or not). */
export type Paint = (text: string, style: Style | null) => string;

/** A function that wraps text in the style's escape codes when `color` is on. */
export function painter(color: boolean): Paint {
  return (text, style) => (color && style !== null ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text);
}
