import { router } from "../../trpc";
import { find } from "./find";

export const plansRouter = router({ find });
