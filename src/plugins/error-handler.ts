// One error handler for fastify's own routes: `{ error, error_description }` for JSON, a
// readable page for citizens, 503 + Retry-After for store outages, and never the internals
// of a 5xx. (Protocol endpoints are answered by oidc-provider's own handler.)
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, RETRY_AFTER_SECONDS, TemporarilyUnavailableError } from '../errors.ts';
import { errorPage } from '../views/message-pages.ts';
import { csrfFailure } from './form-protection.ts';
import { requestLanguage } from './language.ts';

function wantsHtml(request: FastifyRequest): boolean {
  return request.url.startsWith('/interaction/') || /text\/html/.test(request.headers.accept ?? '');
}

function describe(error: FastifyError | Error): { status: number; error: string; description: string } {
  const csrf = csrfFailure(error);
  if (csrf) return { status: csrf.status, error: csrf.code, description: csrf.message };
  if (error instanceof AppError) return { status: error.status, error: error.code, description: error.message };
  if (error instanceof TemporarilyUnavailableError) {
    return { status: 503, error: error.error, description: error.error_description };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return { status: 400, error: 'invalid_request', description: fastifyError.message };
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) return { status, error: 'invalid_request', description: fastifyError.message };
  return { status: 500, error: 'server_error', description: 'an unexpected error occurred' };
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, error: code, description } = describe(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void reply.status(status);
    if (wantsHtml(request)) {
      const page = errorPage(requestLanguage(request), code, status === 503);
      return reply.type('text/html; charset=utf-8').send(page);
    }
    // The request id lets a portal's support ticket be matched to our log lines.
    return reply.send({ error: code, error_description: description, request_id: request.id });
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404);
    if (wantsHtml(request)) {
      return reply.type('text/html; charset=utf-8').send(errorPage(requestLanguage(request), 'not_found'));
    }
    return reply.send({
      error: 'not_found',
      error_description: `no route for ${request.method} ${request.url.split('?')[0]}`,
      request_id: request.id,
    });
  });
}
