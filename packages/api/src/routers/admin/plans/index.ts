import { router } from "../../../trpc";
import { archive } from "./archive";
import { create } from "./create";
import { find } from "./find";
import { get } from "./get";
import { moveSubscriptions } from "./move-subscriptions";
import { sync } from "./sync";
import { update } from "./update";

export const adminPlansRouter = router({ find, get, create, update, archive, sync, moveSubscriptions });
