import type { Db } from "@meterkit/db";
import { GatewayError } from "../errors";
import { loadAccount, planModels } from "../pipeline/account";
import type { V1Caller } from "./handle-v1";
import { json } from "./respond";

// Fixed, so the listing is the same on every call (OpenAI reports the model's release date).
const MODEL_CREATED = 1_735_689_600;

const modelObject = (id: string) => ({ id, object: "model", created: MODEL_CREATED, owned_by: "meterkit" });

/** The models the caller's plan prices right now; nothing when there is no plan yet. */
async function modelsOf(db: Db, caller: V1Caller): Promise<string[]> {
  const account = await loadAccount(db, caller.customerId);
  return account?.plan ? planModels(db, account.plan.id) : [];
}

export async function handleListModels(db: Db, caller: V1Caller): Promise<Response> {
  const models = await modelsOf(db, caller);
  return json({ object: "list", data: models.map(modelObject) });
}

export async function handleRetrieveModel(db: Db, caller: V1Caller, id: string): Promise<Response> {
  const models = await modelsOf(db, caller);
  if (!models.includes(id)) {
    throw new GatewayError("model_not_found", `The model '${id}' does not exist or you do not have access to it.`, "model");
  }
  return json(modelObject(id));
}
