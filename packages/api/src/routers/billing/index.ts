import { router } from "../../trpc";
import { createCheckout } from "./create-checkout";
import { getInvoicePreview } from "./get-invoice-preview";

export const billingRouter = router({ getInvoicePreview, createCheckout });
