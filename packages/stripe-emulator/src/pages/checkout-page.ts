import type { CheckoutSession, LineItem } from "../core/wire";
import { esc, money, page } from "./html";

function describe(item: LineItem): string {
  const price = item.price;
  if (!price) return "";
  const per = price.recurring ? ` / ${price.recurring.interval}` : "";
  if (item.quantity === null) return `usage-based: ${esc(price.unit_amount_decimal)}¢ per unit${per}, billed at period end`;
  return `${item.quantity} × ${money(price.unit_amount ?? 0, price.currency)}${per}`;
}

/** The hosted payment page: what will be charged, an email field when needed, and Pay. */
export function checkoutPage(session: CheckoutSession, items: LineItem[], error?: string): string {
  if (session.status === "complete") {
    return page("Paid", `<h1>Already paid</h1><p>This checkout session is complete.</p>${session.success_url ? `<p><a href="${esc(session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id))}">Continue</a></p>` : ""}`);
  }
  if (session.status === "expired") return page("Expired", "<h1>Checkout session expired</h1><p>Start again from the app.</p>");
  const rows = items
    .map((li) => `<tr><td>${esc(li.description)}</td><td>${describe(li)}</td><td class="num">${money(li.amount_total, li.currency)}</td></tr>`)
    .join("");
  const askEmail = !session.customer;
  const email = session.customer_email ?? "";
  return page(
    "Checkout",
    `<h1>Subscribe</h1>
<p class="note">Local Stripe emulator: no card is charged. Test mode.</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ""}
<table><thead><tr><th>Item</th><th>Price</th><th class="num">Due today</th></tr></thead><tbody>${rows}</tbody>
<tfoot><tr><th colspan="2">Total due today</th><th class="num">${money(session.amount_total ?? 0, session.currency ?? "usd")}</th></tr></tfoot></table>
<form method="post" action="/checkout/${esc(session.id)}/pay">
${askEmail ? `<label>Email<input type="email" name="email" required value="${esc(email)}"></label><label>Name<input type="text" name="name"></label>` : ""}
<button type="submit" name="card" value="success">Pay</button>
<button type="submit" name="card" value="declined" class="secondary">Pay with a declining card</button>
</form>
${session.cancel_url ? `<p><a href="${esc(session.cancel_url)}">Cancel and go back</a></p>` : ""}`,
  );
}
