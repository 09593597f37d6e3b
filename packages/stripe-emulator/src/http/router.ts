import type { Handler, Route, RouteKind } from "./context";

interface Compiled extends Route {
  regex: RegExp;
  keys: string[];
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

/** A minimal method + path matcher; `:name` matches one path segment. */
export class Router {
  private readonly routes: Compiled[] = [];

  add(method: string, pattern: string, kind: RouteKind, handler: Handler): this {
    const keys: string[] = [];
    const source = pattern
      .split("/")
      .map((seg) => {
        if (!seg.startsWith(":")) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        keys.push(seg.slice(1));
        return "([^/]+)";
      })
      .join("/");
    this.routes.push({ method, pattern, kind, handler, regex: new RegExp(`^${source}/?$`), keys });
    return this;
  }

  match(method: string, path: string): Match | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? "")));
      return { route: r, params };
    }
    return undefined;
  }
}
