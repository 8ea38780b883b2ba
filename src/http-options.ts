// The HTTP server's limits and request ids, from the validated config. Node checks the header
// and request timeouts only every connectionsCheckingInterval (30 s by default): 1 s makes a
// slow-header or slow-body client be cut close to the configured timeout.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Config } from './config.ts';

// What a proxy may hand us as a request id: short and log-safe.
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Behind a trusted proxy its X-Request-Id is kept, so one id spans the proxy's logs and ours. */
export function requestIdGenerator(trustProxy: boolean): (request: IncomingMessage) => string {
  return (request) => {
    const incoming = request.headers['x-request-id'];
    if (trustProxy && typeof incoming === 'string' && REQUEST_ID.test(incoming)) return incoming;
    return randomUUID();
  };
}

export function httpOptions(config: Config) {
  const { limits } = config;
  return {
    genReqId: requestIdGenerator(config.trustProxy),
    bodyLimit: limits.bodyLimitBytes,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      maxHeaderSize: limits.maxHeaderBytes,
      connectionsCheckingInterval: 1000,
    },
  };
}
