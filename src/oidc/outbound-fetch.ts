// oidc-provider's outgoing requests (jwks_uri, back-channel logout) carry an SSRF guard: a
// dispatcher that refuses loopback, private and other special-use addresses. It stays on for
// every request, except to origins an operator lists in OUTBOUND_ALLOWED_ORIGINS: a ministry
// portal on a government private network, or the demo portal on this machine.
type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function outboundFetch(allowedOrigins: readonly string[]): Fetch {
  const allowed = new Set(allowedOrigins.map((origin) => new URL(origin).origin));
  return (input, init) => {
    const target = URL.parse(input instanceof Request ? input.url : String(input));
    if (!init || !target || !allowed.has(target.origin)) return globalThis.fetch(input, init);
    const unguarded: RequestInit & { dispatcher?: unknown } = { ...init };
    delete unguarded.dispatcher;
    return globalThis.fetch(input, unguarded);
  };
}
