/** Escaping for HTML and SVG: every text that reaches the page goes through here (evidence is arbitrary output). */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text or attribute value made inert: `<script>` becomes `&lt;script&gt;`; control characters are replaced. */
export function esc(text: string | number): string {
  return (
    String(text)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "\uFFFD")
      .replace(/[&<>"']/g, (ch) => ENTITIES[ch] as string)
  );
}

/** A text cut to `max` characters for display, with a note saying how much was left out (both escaped). */
export function escTruncated(text: string, max = 4096): { html: string; note: string } {
  if (text.length <= max) return { html: esc(text), note: "" };
  return {
    html: esc(text.slice(0, max)),
    note: `<p class="trunc">truncated: showing the first ${max} of ${text.length} characters</p>`,
  };
}
