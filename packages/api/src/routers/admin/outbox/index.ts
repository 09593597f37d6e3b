import { router } from "../../../trpc";
import { discard } from "./discard";
import { find } from "./find";
import { retry } from "./retry";

export const adminOutboxRouter = router({ find, retry, discard });
