import { router } from "../../../trpc";
import { find } from "./find";
import { findActors } from "./find-actors";

export const adminAuditRouter = router({ find, findActors });
