import { z } from "zod";

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }).max(254, { error: "Email is too long." }));

export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .min(10, { error: "Password must be at least 10 characters." })
  .max(200, { error: "Password must be at most 200 characters." });

export const signUpInput = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  name: z
    .string({ error: "Enter your name or your company's name." })
    .trim()
    .min(1, { error: "Enter your name or your company's name." })
    .max(120, { error: "Name must be at most 120 characters." }),
});
export type SignUpInput = z.input<typeof signUpInput>;

export const logInInput = z.object({
  email: emailSchema,
  // No length rule here: an old password shorter than today's minimum must still log in.
  password: z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }).max(200),
});
export type LogInInput = z.input<typeof logInInput>;

export const requestPasswordResetInput = z.object({ email: emailSchema });
export type RequestPasswordResetInput = z.input<typeof requestPasswordResetInput>;

export const resetPasswordInput = z.object({
  token: z.string({ error: "The reset link is incomplete." }).min(20, { error: "The reset link is incomplete." }).max(200),
  password: newPasswordSchema,
});
export type ResetPasswordInput = z.input<typeof resetPasswordInput>;

export const changePasswordInput = z
  .object({
    // Like logInInput: a current password shorter than today's minimum must still be accepted.
    currentPassword: z.string({ error: "Enter your current password." }).min(1, { error: "Enter your current password." }).max(200),
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the new password." }).max(200),
  })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ["confirmPassword"],
    error: "The two new passwords are not the same.",
  });
export type ChangePasswordInput = z.input<typeof changePasswordInput>;
