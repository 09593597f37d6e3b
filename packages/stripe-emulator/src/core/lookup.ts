import { noSuch } from "../http/errors";
import type { EmulatorState } from "./state";
import type { Customer, Meter, Price, Product, Subscription } from "./wire";

/** Finds any stored object by id (used by `expand[]`). */
export function findObject(state: EmulatorState, id: string): unknown {
  const d = state.data;
  const deleted = d.deleted[id];
  if (deleted) return { id, object: deleted, deleted: true };
  return (
    d.customers[id] ?? d.products[id] ?? d.prices[id] ?? d.subscriptions[id] ?? d.invoices[id] ??
    d.checkoutSessions[id] ?? d.meters[id]
  );
}

export function getCustomer(state: EmulatorState, id: string, param = "customer"): Customer {
  const c = state.data.customers[id];
  if (!c) throw noSuch("customer", id, param);
  return c;
}

export function getProduct(state: EmulatorState, id: string, param = "product"): Product {
  const p = state.data.products[id];
  if (!p) throw noSuch("product", id, param);
  return p;
}

export function getPrice(state: EmulatorState, id: string, param = "price"): Price {
  const p = state.data.prices[id];
  if (!p) throw noSuch("price", id, param);
  return p;
}

export function getMeter(state: EmulatorState, id: string, param = "id"): Meter {
  const m = state.data.meters[id];
  if (!m) throw noSuch("billing.meter", id, param);
  return m;
}

export function getSubscription(state: EmulatorState, id: string, param = "id"): Subscription {
  const s = state.data.subscriptions[id];
  if (!s) throw noSuch("subscription", id, param);
  return s;
}
