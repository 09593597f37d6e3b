import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { StripeId } from "../ui/stripe-id";
import { Table, Tbody, Td, Th } from "../ui/table";

interface PriceRow {
  id: string;
  model: string;
  tokenClass: string;
  eventName: string;
  rateVersion: number;
  unitAmountDecimal: string;
  stripePriceId: string | null;
  active: boolean;
}

/** The plan's Stripe objects: product, base price, and a metered price per meter (current and past). */
export function StripePrices({ plan, prices }: { plan: { stripeProductId: string | null; stripeBasePriceId: string | null }; prices: PriceRow[] }) {
  return (
    <Card title="Stripe">
      <dl className="mb-5 grid gap-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-500">Product</dt>
          <dd className="mt-0.5" data-testid="stripe-product-id">
            <StripeId id={plan.stripeProductId} />
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Base price (monthly fee)</dt>
          <dd className="mt-0.5" data-testid="stripe-base-price-id">
            <StripeId id={plan.stripeBasePriceId} />
          </dd>
        </div>
      </dl>
      {prices.length === 0 ? (
        <EmptyState title="No metered prices yet">They are created by the Stripe sync, one per model and token class.</EmptyState>
      ) : (
        <div className="mt-2">
          <Table caption="Metered prices per meter">
            <thead>
              <tr>
                <Th>Meter</Th>
                <Th>Class</Th>
                <Th numeric>Version</Th>
                <Th numeric>¢ per token</Th>
                <Th>Stripe price</Th>
                <Th>State</Th>
              </tr>
            </thead>
            <Tbody>
              {prices.map((p) => (
                <tr key={p.id} data-testid={`stripe-price-${p.eventName}${p.active ? "" : `-v${p.rateVersion}`}`} className={p.active ? "" : "text-slate-400"}>
                  <Td className="font-mono text-xs">{p.eventName}</Td>
                  <Td>{p.tokenClass.replace("_", " ")}</Td>
                  <Td numeric>v{p.rateVersion}</Td>
                  <Td numeric className="font-mono text-xs">{p.unitAmountDecimal}</Td>
                  <Td>
                    <StripeId id={p.stripePriceId} />
                  </Td>
                  <Td>{p.active ? <Badge tone="green">active</Badge> : <Badge>superseded</Badge>}</Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        </div>
      )}
    </Card>
  );
}
