import { router } from "../../../trpc";
import { changePassword } from "./change-password";

/** The signed-in admin's own account. */
export const adminAccountRouter = router({ changePassword });
