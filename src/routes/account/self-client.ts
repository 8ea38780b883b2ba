// openid-client, configured as the account page's client of this very service. Its requests
// (discovery, token) are answered in-process through fastify's inject(): no network hop, so it
// works the same behind a proxy, with no hairpin route to the public host name.
import type { FastifyInstance, InjectOptions } from 'fastify';
import * as client from 'openid-client';
import { ACCOUNT_CLIENT_ID } from '../../oidc/account-client.ts';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function injectingFetch(server: FastifyInstance, issuer: URL, remoteAddress?: string): client.CustomFetch {
  // The provider derives its endpoint URLs from the request's host (and, behind a trusted
  // proxy, X-Forwarded-*): present the request as the issuer's, so discovery names the
  // endpoints a browser can reach.
  const origin = {
    host: issuer.host,
    'x-forwarded-host': issuer.host,
    'x-forwarded-proto': issuer.protocol.replace(':', ''),
  };
  return async (url, options) => {
    const target = new URL(url);
    const { body } = options;
    // openid-client sends forms (URLSearchParams) to the token endpoint and nothing on GETs.
    let payload: string | undefined;
    if (body instanceof URLSearchParams) payload = body.toString();
    else if (typeof body === 'string') payload = body;
    else if (body !== undefined && body !== null) throw new TypeError('unexpected request body type');
    const response = await server.inject({
      method: options.method as InjectOptions['method'],
      url: `${target.pathname}${target.search}`,
      headers: { ...options.headers, ...origin },
      // The citizen's address, so per-IP limits on /token count the citizen, not this process.
      ...(remoteAddress ? { remoteAddress } : {}),
      ...(payload === undefined ? {} : { payload }),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
    }
    const responseBody = NULL_BODY_STATUSES.has(response.statusCode) ? null : response.rawPayload;
    return new Response(responseBody, { status: response.statusCode, headers });
  };
}

export interface SelfClient {
  /** Discovered once (lazily: the server must be ready to answer inject()). */
  (): Promise<client.Configuration>;
  /** A configuration whose requests carry the citizen's address (the token request). */
  forCitizen(ip: string): Promise<client.Configuration>;
}

export function selfClient(server: FastifyInstance, issuer: string): SelfClient {
  const issuerUrl = new URL(issuer);
  const discover = (fetch: client.CustomFetch) =>
    client
      .discovery(issuerUrl, ACCOUNT_CLIENT_ID, undefined, client.None(), {
        [client.customFetch]: fetch,
        // http only where the issuer itself is http (development and tests; production refuses it).
        ...(issuer.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .then((config) => {
        config[client.customFetch] = fetch;
        return config;
      });
  let shared: Promise<client.Configuration> | undefined;
  const get = () => {
    shared ??= discover(injectingFetch(server, issuerUrl)).catch((error: unknown) => {
      shared = undefined;
      throw error;
    });
    return shared;
  };
  return Object.assign(get, {
    forCitizen: (ip: string) => discover(injectingFetch(server, issuerUrl, ip)),
  });
}
