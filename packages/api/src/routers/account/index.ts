import { router } from "../../trpc";
import { changePassword } from "./change-password";
import { get } from "./get";
import { getSubscription } from "./get-subscription";
import { updateBudget } from "./update-budget";

export const accountRouter = router({ get, getSubscription, updateBudget, changePassword });
