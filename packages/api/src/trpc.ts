import { initTRPC } from "@trpc/server";
import { translateDomainError } from "./domain-errors";
import { AppError, fieldErrorsOf } from "./errors";
import type { Context } from "./context";

/**
 * No transformer: responses are plain JSON. Money is integer micros (safe in a JS number up to
 * 9e15 micros = 9 billion USD) and dates travel as ISO strings, which the routers return
 * explicitly so the client types say `string`, not a Date that JSON would not revive.
 */
const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        appCode: error instanceof AppError ? error.appCode : null,
        fieldErrors: error.code === "BAD_REQUEST" ? fieldErrorsOf(error) : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Errors from billing and friends become AppErrors with the right status, not opaque 500s. */
const translateErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && !(result.error instanceof AppError)) {
    const translated = translateDomainError(result.error.cause);
    if (translated) throw translated;
  }
  return result;
});

export const publicProcedure = t.procedure.use(translateErrors);

/** A customer user's session. API keys and admin users are refused (admins own no customer). */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.sessionUser;
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  if (user.role !== "customer" || !user.customerId) {
    throw new AppError("FORBIDDEN", "This page is for customer accounts; admins use the admin portal.");
  }
  return next({ ctx: { user, customerId: user.customerId } });
});

/** An admin user's session, checked on every call (the role is read with the session). */
export const adminProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.sessionUser;
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to the admin portal to continue.");
  if (user.role !== "admin") throw new AppError("FORBIDDEN", "Admin access required.");
  return next({ ctx: { admin: user } });
});
