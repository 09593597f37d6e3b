export { appRouter, createCaller, type AppRouter, type RouterInputs, type RouterOutputs } from "./root";
export {
  createContext,
  type Context,
  type CreateContextOptions,
  type SessionUser,
  type ApiKeyPrincipal,
  type Mail,
} from "./context";
export { AppError, appErrorCodes, fieldErrorsOf, type AppErrorCode, type FieldErrors } from "./errors";
export { createRequestContext, type RequestContextOptions } from "./request-context";

export { signUp, type SignUpOptions, type CreatedCustomer } from "./auth/sign-up";
export { logIn, type LogInOptions } from "./auth/log-in";
export { logOut } from "./auth/log-out";
export { requestPasswordReset, resetPassword, type RequestPasswordResetOptions } from "./auth/password-reset";
export { changePassword, type ChangePasswordOptions } from "./auth/change-password";
export { resolveSession, sessionIdForToken, sessionLifetimeMs, type ResolvedSession, type IssuedSession } from "./auth/sessions";
export { hashPassword, verifyPassword } from "./auth/password";
export {
  serializeSessionCookie,
  clearSessionCookie,
  readSessionCookie,
  sessionCookieNames,
  type SessionAudience,
} from "./auth/cookies";
export { assertSameOrigin } from "./auth/origin";
export { createLogMailer } from "./auth/mail";
export { createSmtpMailer, sendInBackground } from "./auth/smtp-mailer";
export { signUpInput, logInInput, requestPasswordResetInput, resetPasswordInput, changePasswordInput } from "./auth/auth.types";
export { createPlanInput } from "./routers/admin/plans/plans.types";

export { verifyApiKey, type VerifiedApiKey } from "./routers/api-keys/verify-api-key";
export { createStripeCustomerOnSignUp, ensureStripeCustomer } from "./stripe/ensure-stripe-customer";
export { previousPeriod, type Period } from "./routers/usage/billing-period";
