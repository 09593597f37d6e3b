import { lineAmount } from "./decimal";
import { newId } from "./ids";
import type { CheckoutSession, LineItem, Price } from "./wire";

export function checkoutLineItem(price: Price, quantity: number | null, productName: string): LineItem {
  // Metered prices are billed later, so they contribute nothing to the amount paid at checkout.
  const amount = quantity === null ? 0 : lineAmount(quantity, price.unit_amount_decimal ?? "0");
  return {
    id: newId("li", 24),
    object: "item",
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: productName,
    metadata: {},
    price,
    quantity,
  };
}

export interface SessionSpec {
  id: string;
  url: string;
  now: number;
  expiresAt: number;
  customer: string | null;
  customerEmail: string | null;
  clientReferenceId: string | null;
  successUrl: string | null;
  cancelUrl: string | null;
  metadata: Record<string, string>;
  lineItems: LineItem[];
}

export function buildCheckoutSession(spec: SessionSpec): CheckoutSession {
  const total = spec.lineItems.reduce((sum, li) => sum + li.amount_total, 0);
  return {
    id: spec.id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: spec.cancelUrl,
    client_reference_id: spec.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: spec.now,
    currency: spec.lineItems[0]?.currency ?? null,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: spec.customer,
    customer_account: null,
    customer_creation: spec.customer ? null : "always",
    customer_details: null,
    customer_email: spec.customerEmail,
    discounts: [],
    expires_at: spec.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: spec.metadata,
    mode: "subscription",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "always",
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: spec.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: spec.url,
    wallet_options: null,
  };
}
