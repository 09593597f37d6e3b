/**
 * Where Stripe Checkout sends the customer back to in the customer app. The success page calls
 * `billing.sync` so the subscription shows at once, without waiting for the webhook.
 */
export function checkoutReturnUrls(appUrl: string) {
  return {
    success: `${appUrl}/app/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    // Back to the plans page inside the app, which says nothing was charged.
    cancel: `${appUrl}/app/plans?checkout=canceled`,
  };
}
