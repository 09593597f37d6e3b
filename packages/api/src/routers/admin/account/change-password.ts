import { changePasswordInput } from "../../../auth/auth.types";
import { changePassword as changeUserPassword } from "../../../auth/change-password";
import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";

/**
 * The signed-in admin's new password, given the current one (e.g. to replace the seed's
 * published password). Every other session of the admin ends; this one stays. Audited in the
 * same transaction, without any trace of either password.
 */
export const changePassword = adminProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
  return changeUserPassword(ctx.db, ctx.admin, input, {
    ip: ctx.req.ip,
    onChanged: (trx, { endedSessions }) =>
      writeAudit(trx, ctx.admin.id, { action: "admin.change_password", targetType: "user", targetId: ctx.admin.id, after: { endedSessions } }),
  });
});
