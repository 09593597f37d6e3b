import { router } from "../../../trpc";
import { get } from "./get";

export const adminOverviewRouter = router({ get });
