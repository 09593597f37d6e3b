import { router } from "../../trpc";
import { createCheckout } from "./create-checkout";
import { getInvoicePreview } from "./get-invoice-preview";
import { sync } from "./sync";

export const billingRouter = router({ getInvoicePreview, createCheckout, sync });
