import { router } from "../../trpc";
import { create } from "./create";
import { deleteConversation } from "./delete";
import { find } from "./find";
import { get } from "./get";
import { update } from "./update";

export const conversationsRouter = router({ find, get, create, update, delete: deleteConversation });
