/** Escapes text for HTML element content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Minor units to a display string, e.g. 1999 usd → "$19.99". */
export function money(minor: number, currency: string): string {
  const symbol = currency === "usd" ? "$" : `${currency.toUpperCase()} `;
  return `${symbol}${(minor / 100).toFixed(2)}`;
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f6f9fc; color: #1a1f36; }
  main { max-width: 860px; margin: 2rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 2px 8px #0001; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .9rem; }
  th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #e3e8ee; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  button { background: #635bff; color: #fff; border: 0; padding: .7rem 1.4rem; border-radius: 6px; font-size: 1rem; cursor: pointer; }
  button.secondary { background: #e3e8ee; color: #1a1f36; }
  input { padding: .5rem; font-size: 1rem; width: 100%; box-sizing: border-box; margin: .3rem 0 1rem; }
  .note { color: #697386; font-size: .85rem; }
  .error { color: #df1b41; font-weight: 600; }
  code { background: #f6f8fa; padding: 0 .25rem; }
</style></head><body><main>${body}</main></body></html>`;
}
