import { z } from "zod";
import { idSchema, pageSchema } from "../../../lib/ids";

export const findAuditInput = pageSchema
  .extend({
    action: z.string().trim().max(100).optional(),
    targetType: z.string().trim().max(100).optional(),
    targetId: z.string().trim().max(100).optional(),
    actorUserId: idSchema.optional(),
  })
  .default({ limit: 25 });
