// oidc-provider rotates a refresh token (consumes it, in PostgreSQL) before it saves the new
// access token (in Redis). Were Redis to fail in between, the portal would get a 503 for a
// token already spent, and its retry would look like a replay and revoke the whole grant: a
// Redis outage would cost portals their consents. Two guards keep refresh tokens durable:
// - before: a refresh token is consumed only after the state store answered a ping, so while
//   Redis is down the answer is 503 and nothing is spent;
// - after: a token request that failed (5xx) after rotating gives the old refresh token back
//   (saved again, unconsumed) and drops the new one nobody received.
import type Provider from 'oidc-provider';
import type { StateStore } from '../oidc/adapters/state-store.ts';

interface Rotatable {
  save(): Promise<unknown>;
  destroy(): Promise<unknown>;
}

export function protectRefreshRotation(provider: Provider, store: StateStore): void {
  const prototype = provider.RefreshToken.prototype as { consume: (this: unknown) => Promise<void> };
  const consume = prototype.consume;
  prototype.consume = async function consumeWhenStoreAnswers(this: unknown) {
    await store.ping(); // StoreUnavailableError: 503, and the token stays valid
    return consume.call(this);
  };

  provider.use(async (ctx, next) => {
    await next();
    if (ctx.status < 500 || ctx.path !== '/token') return;
    const oidc = (ctx as { oidc?: { entities?: Record<string, unknown> } }).oidc;
    const entities = oidc?.entities as { RotatedRefreshToken?: Rotatable; RefreshToken?: Rotatable } | undefined;
    const rotated = entities?.RotatedRefreshToken;
    if (!rotated) return;
    try {
      await rotated.save();
      if (entities.RefreshToken && entities.RefreshToken !== rotated) await entities.RefreshToken.destroy();
    } catch (error) {
      provider.emit('server_error', ctx, error);
    }
  });
}
