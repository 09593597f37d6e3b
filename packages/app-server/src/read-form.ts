import { data } from "@remix-run/node";

const formTypes = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * An action's form fields. A body that is not a form (JSON, plain text, none at all) or a
 * multipart body that cannot be parsed makes `request.formData()` throw a TypeError, which Remix
 * answers with a 500; this answers it with a 4xx that names what the page expected instead.
 * A NUL character is refused here too: no one can type it into a form, and Postgres rejects it
 * in text columns, which would end the request in a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!formTypes.includes(type)) {
    const sent = type ? `a ${type} body` : "no form body";
    throw data(`This page takes a form (${formTypes.join(" or ")}); the request sent ${sent}.`, { status: 415 });
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw data(`The form could not be read: the body is not valid ${type}.`, { status: 400 });
  }
  for (const [name, value] of form) {
    if (typeof value === "string" && value.includes("\u0000")) {
      throw data(`The form field "${name.replace(/\u0000/g, "")}" contains a NUL character; remove it and send the form again.`, { status: 400 });
    }
  }
  return form;
}
