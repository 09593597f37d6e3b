import { router } from "../../../trpc";
import { archive } from "./archive";
import { create } from "./create";
import { find } from "./find";
import { get } from "./get";
import { sync } from "./sync";
import { update } from "./update";

export const adminPlansRouter = router({ find, get, create, update, archive, sync });
