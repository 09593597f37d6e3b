import { cursorTime, decodeCursor, exactTime, pageOf } from "../../../lib/cursor";
import { adminProcedure } from "../../../trpc";
import { customersQuery, toCustomerView } from "./customer-snapshot";
import { findCustomersInput } from "./customers.types";

/** Customers by name or email (substring, case-insensitive) and status, newest first. */
export const find = adminProcedure.input(findCustomersInput).query(async ({ ctx, input }) => {
  const after = decodeCursor(input.cursor);
  let query = customersQuery(ctx.db).select(exactTime("c.created_at").as("cursor_at"));
  if (input.query) {
    const pattern = `%${input.query.replace(/[\\%_]/g, "\\$&")}%`;
    query = query.where((eb) => eb.or([eb("c.email", "ilike", pattern), eb("c.name", "ilike", pattern)]));
  }
  if (input.status === "suspended") query = query.where("c.suspended_at", "is not", null);
  else if (input.status) query = query.where("c.subscription_status", "=", input.status);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb("c.created_at", "<", cursorTime(after)), eb.and([eb("c.created_at", "=", cursorTime(after)), eb("c.id", "<", after.id)])]),
    );
  }
  const rows = await query.orderBy("c.created_at", "desc").orderBy("c.id", "desc").limit(input.limit + 1).execute();
  const page = pageOf(rows, input.limit, (r) => ({ at: r.cursor_at, id: r.id }));
  return { items: page.items.map(toCustomerView), nextCursor: page.nextCursor };
});
