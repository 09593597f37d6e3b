import { Alert } from "@meterkit/ui";

/**
 * The form-level message of a failed action, shown only when no field error already explains
 * it (a wrong password, a rate limit, an expired link).
 */
export function FormMessage({ failure }: { failure: { message: string; fieldErrors: Record<string, string[]> } | undefined | null }) {
  if (!failure || Object.keys(failure.fieldErrors).length > 0) return null;
  return <Alert tone="danger">{failure.message}</Alert>;
}
