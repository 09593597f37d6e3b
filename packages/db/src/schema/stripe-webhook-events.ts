import type { Insertable, Selectable, Updateable } from "kysely";
import type { CreatedAt, Timestamp } from "./columns.js";

/** Received Stripe events; the PK (Stripe's event id) makes processing idempotent. */
export interface StripeWebhookEventsTable {
  id: string;
  type: string;
  received_at: CreatedAt;
  processed_at: Timestamp | null;
}

export type StripeWebhookEvent = Selectable<StripeWebhookEventsTable>;
export type NewStripeWebhookEvent = Insertable<StripeWebhookEventsTable>;
export type StripeWebhookEventUpdate = Updateable<StripeWebhookEventsTable>;
