// The routes the API has, collected as they are registered (Fastify's onRoute
// hook), so that nothing restates what the controllers declare: an unknown
// path is a 404, a known path with another method (HEAD included, as upstream)
// a 405 whose Allow header lists the path's methods. Paths are matched after
// request-url.ts took off a trailing slash or `.json`.

export class KnownRoutes {
  private readonly routes: { pattern: RegExp; methods: Set<string> }[] = [];

  /** Records a route as Fastify registers it (`/v2.0/vpn/ikepolicies/:id`, `/docs/*`). */
  add(method: string | readonly string[], url: string): void {
    const source = `^${url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : escapeRegExp(part)))
      .join('/')}$`;
    let route = this.routes.find((each) => each.pattern.source === source);
    if (!route) {
      route = { pattern: new RegExp(source), methods: new Set() };
      this.routes.push(route);
    }
    for (const each of ([] as string[]).concat(method)) route.methods.add(each);
  }

  /** The methods a path answers to, in a stable order; empty when the path is unknown. */
  allowedMethods(url: string): readonly string[] {
    const path = url.split('?')[0] ?? url;
    const methods = new Set<string>();
    for (const route of this.routes) {
      if (route.pattern.test(path)) for (const method of route.methods) methods.add(method);
    }
    return [...methods].sort();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
