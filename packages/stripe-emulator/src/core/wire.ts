import type Stripe from "stripe";

/** The SDK turns decimal strings into `Decimal` objects after parsing; on the wire they are strings. */
type SdkDecimal = NonNullable<Stripe.Price["unit_amount_decimal"]>;

/** A Stripe SDK type as it travels over HTTP (decimals as strings). Response builders are typed with it. */
export type Wire<T> = T extends string | number | boolean | bigint | symbol | null | undefined
  ? T
  : T extends SdkDecimal
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export type Customer = Wire<Stripe.Customer>;
export type CustomerBalanceTransaction = Wire<Stripe.CustomerBalanceTransaction>;
export type Product = Wire<Stripe.Product>;
export type Price = Wire<Stripe.Price>;
export type Meter = Wire<Stripe.Billing.Meter>;
export type MeterEvent = Wire<Stripe.Billing.MeterEvent>;
export type MeterEventAdjustment = Wire<Stripe.Billing.MeterEventAdjustment>;
export type MeterEventSummary = Wire<Stripe.Billing.MeterEventSummary>;
export type Subscription = Wire<Stripe.Subscription>;
export type SubscriptionItem = Wire<Stripe.SubscriptionItem>;
export type Plan = Wire<Stripe.Plan>;
export type CheckoutSession = Wire<Stripe.Checkout.Session>;
export type LineItem = Wire<Stripe.LineItem>;
export type Invoice = Wire<Stripe.Invoice>;
export type InvoiceLineItem = Wire<Stripe.InvoiceLineItem>;
export type Event = Wire<Stripe.Event>;
export type V2MeterEventSession = Wire<Stripe.V2.Billing.MeterEventSession>;

/** Stripe's list envelope. */
export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}
