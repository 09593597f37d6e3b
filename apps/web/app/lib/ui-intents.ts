/**
 * Replies can carry UI components. The chat recognises a request for the usage chart in the
 * user's message (the model cannot draw, and asking it to emit JSON would cost the customer
 * tokens); the chart's numbers come from the ledger, never from the model.
 */
export function wantsUsageChart(message: string): boolean {
  const text = message.toLowerCase();
  return /\b(usage|spend|spending|costs?|tokens?|bill)\b/.test(text) && /\b(chart|graph|plot|diagram)s?\b/.test(text);
}
