// oidc-provider's security events as audit rows: tokens issued at the token endpoint, tokens
// and grants revoked, sign-outs, failed back-channel logouts. Issued tokens are delivered only
// once their row is written: the token endpoint waits for it (group commit keeps that one
// round trip), and answers 503 instead when it cannot be written, so no token leaves without
// its audit row even while the registry is down and the portal's row comes from the cache.
// The other events come after their action is done and are logged when their row fails;
// sign-in and consent rows, which can still stop their action, are written by the
// interaction routes (src/routes/sign-in-security.ts).
import type { KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { StoreUnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Actor } from '../modules/audit/audit.repository.ts';
import type { SecurityAudit } from '../modules/audit/security-events.ts';

type Event = Parameters<SecurityAudit['protocolEvent']>[1];

export function auditProviderEvents(provider: Provider, audit: SecurityAudit, log: Logger): void {
  function record(ctx: KoaContextWithOIDC | undefined, actor: Omit<Actor, 'ip'>, event: Event): Promise<void> {
    const written = audit.protocolEvent({ ...actor, ip: ctx?.ip }, event);
    written.catch((error: unknown) => {
      // Only the action name and the error's message: the row itself may carry identifiers.
      log.error(
        { action: event.action, err: error instanceof Error ? error.message : 'unknown' },
        'audit row not written',
      );
    });
    return written;
  }
  // The token endpoint's answer waits for these (see below).
  const issuanceRows = new WeakMap<object, Promise<void>>();
  provider.use(async (ctx, next) => {
    await next();
    const written = issuanceRows.get(ctx);
    if (!written) return;
    try {
      await written;
    } catch {
      // The tokens were minted but are never delivered; the portal retries (Retry-After).
      ctx.status = 503;
      ctx.set('Cache-Control', 'no-store');
      const unavailable = new StoreUnavailableError('postgres');
      ctx.body = { error: unavailable.error, error_description: unavailable.error_description };
    }
  });
  const portal = (ctx: KoaContextWithOIDC) => ({ type: 'portal' as const, id: ctx.oidc?.client?.clientId ?? '-' });

  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const token = ctx.oidc.entities.AccessToken ?? ctx.oidc.entities.ClientCredentials;
    const written = record(ctx, portal(ctx), {
      action: 'token.issued',
      targetType: 'account',
      targetId: ctx.oidc.entities.Account?.accountId ?? null,
      clientId: ctx.oidc.client?.clientId,
      details: {
        grant_type: ctx.oidc.params?.grant_type,
        scope: token?.scope,
        refresh_token: Boolean(ctx.oidc.entities.RefreshToken),
      },
    });
    issuanceRows.set(ctx, written);
  });

  provider.on('grant.revoked', (ctx: KoaContextWithOIDC, grantId: string) => {
    void record(ctx, portal(ctx), {
      action: 'grant.revoked',
      targetType: 'grant',
      targetId: grantId,
      clientId: ctx.oidc?.client?.clientId,
      details: { endpoint: ctx.path },
    });
  });

  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
    const accountId = ctx.oidc.session?.accountId;
    void record(ctx, accountId ? { type: 'citizen', id: accountId } : { type: 'anonymous', id: '-' }, {
      action: 'logout',
      targetType: 'account',
      targetId: accountId ?? null,
      clientId: ctx.oidc.client?.clientId,
    });
  });

  provider.on('backchannel.error', (ctx: KoaContextWithOIDC, error: Error, client: { clientId: string }) => {
    void record(
      ctx,
      { type: 'system', id: 'backchannel-logout' },
      {
        action: 'logout.backchannel_failed',
        clientId: client.clientId,
        details: { error: error.message },
      },
    );
  });

  // Revocation answers 200 whatever the token was (RFC 7009 §2.2); what was asked is audited.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.method === 'POST' && ctx.path === '/token/revocation' && ctx.status === 200) {
      const oidc = (ctx as KoaContextWithOIDC).oidc;
      void record(ctx as KoaContextWithOIDC, portal(ctx as KoaContextWithOIDC), {
        action: 'token.revocation_requested',
        clientId: oidc?.client?.clientId,
        details: { token_type_hint: oidc?.params?.token_type_hint },
      });
    }
  });
}
