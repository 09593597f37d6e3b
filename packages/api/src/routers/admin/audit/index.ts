import { router } from "../../../trpc";
import { find } from "./find";

export const adminAuditRouter = router({ find });
