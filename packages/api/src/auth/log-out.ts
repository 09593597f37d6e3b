import type { Db } from "../context";
import { deleteSession } from "./sessions";

/** Ends the session behind the cookie's token; unknown tokens are ignored (logging out twice is fine). */
export async function logOut(db: Db, token: string | null | undefined): Promise<void> {
  if (token) await deleteSession(db, token);
}
