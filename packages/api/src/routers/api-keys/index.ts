import { router } from "../../trpc";
import { create } from "./create";
import { find } from "./find";
import { revoke } from "./revoke";

export const apiKeysRouter = router({ find, create, revoke });
