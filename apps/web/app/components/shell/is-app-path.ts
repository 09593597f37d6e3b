/** Pages under /app are the signed-in product, framed by the app shell instead of the site header. */
export function isAppPath(pathname: string): boolean {
  return pathname === "/app" || pathname.startsWith("/app/");
}
