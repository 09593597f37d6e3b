import { redirect } from "@remix-run/node";

/** /app opens the chat, the product's main page. */
export function loader() {
  return redirect("/app/chat");
}
