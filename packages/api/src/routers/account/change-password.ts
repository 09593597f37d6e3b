import { changePasswordInput } from "../../auth/auth.types";
import { changePassword as changeUserPassword } from "../../auth/change-password";
import { protectedProcedure } from "../../trpc";

/**
 * The signed-in customer user's new password, given the current one. Every other session of the
 * user ends; this one stays. Customer actions are not audited (the audit log is for admins).
 */
export const changePassword = protectedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
  return changeUserPassword(ctx.db, ctx.user, input, { ip: ctx.req.ip });
});
