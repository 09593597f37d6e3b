import { Router } from "../http/router";
import { checkoutRoutes } from "../resources/checkout";
import { checkoutPageRoutes } from "../resources/checkout-complete";
import { customerBalanceRoutes } from "../resources/customer-balance";
import { customerRoutes } from "../resources/customers";
import { eventRoutes } from "../resources/events";
import { invoiceRoutes } from "../resources/invoices";
import { meterEventSummaryRoutes } from "../resources/meter-event-summaries";
import { meterEventRoutes } from "../resources/meter-events";
import { meterEventV2Routes } from "../resources/meter-events-v2";
import { meterRoutes } from "../resources/meters";
import { priceRoutes } from "../resources/prices";
import { productRoutes } from "../resources/products";
import { subscriptionRoutes } from "../resources/subscriptions";
import { controlRoutes, type Controls } from "./control-routes";

export function buildRouter(controls: Controls): Router {
  const router = new Router();
  for (const register of [
    customerRoutes, customerBalanceRoutes, productRoutes, priceRoutes, meterRoutes, meterEventRoutes,
    meterEventSummaryRoutes, meterEventV2Routes, subscriptionRoutes, checkoutRoutes, checkoutPageRoutes,
    invoiceRoutes, eventRoutes,
  ]) {
    register(router);
  }
  controlRoutes(router, controls);
  return router;
}
