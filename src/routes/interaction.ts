// The citizen's side of a login: the pages oidc-provider hands over to (login, consent).
// Each handler reads the interaction, acts, and ends it with interactionResult + a 303.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { AppError } from '../errors.ts';
import type { CitizensService } from '../modules/citizens/citizens.service.ts';
import { acrOf, accountLevelOf } from '../oidc/assurance/acr.ts';
import type { LoginSteps } from './login/login-steps.ts';
import { earlierSignIn } from './login/step-up.ts';
import type { SignInSecurity } from './sign-in-security.ts';
import { requestLanguage } from '../plugins/language.ts';
import { consentPage, loginPage, type PortalIdentity } from '../views/interaction-pages.ts';
import { expiredPage } from '../views/message-pages.ts';

type Params = { uid: string };
type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

const uidSchema = {
  type: 'object',
  properties: { uid: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
  required: ['uid'],
} as const;
const loginBodySchema = {
  type: 'object',
  properties: { personal_id: { type: 'string', maxLength: 64 }, password: { type: 'string', maxLength: 256 } },
  required: ['personal_id', 'password'],
} as const;

export function registerInteractionRoutes(
  app: FastifyInstance,
  provider: Provider,
  citizens: CitizensService,
  security: SignInSecurity,
  loginSteps: LoginSteps,
): void {
  async function load(request: FastifyRequest, reply: FastifyReply): Promise<Details | undefined> {
    try {
      return await provider.interactionDetails(request.raw, reply.raw);
    } catch (error) {
      if (!(error instanceof errors.SessionNotFound)) throw error;
      // Expired or unknown: a friendly page that sends the citizen back to the portal.
      void reply
        .status(400)
        .type('text/html; charset=utf-8')
        .send(expiredPage(requestLanguage(request)));
      return undefined;
    }
  }

  async function portalOf(details: Details): Promise<PortalIdentity> {
    const client = await provider.Client.find(String(details.params.client_id));
    const redirectUri = typeof details.params.redirect_uri === 'string' ? details.params.redirect_uri : '';
    return {
      name: client?.clientName ?? String(details.params.client_id),
      domain: URL.canParse(redirectUri) ? new URL(redirectUri).host : '',
    };
  }

  async function finish(request: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>, merge = false) {
    const redirectTo = await provider.interactionResult(request.raw, reply.raw, result, {
      mergeWithLastSubmission: merge,
    });
    return reply.redirect(redirectTo, 303);
  }

  const html = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');

  app.get<{ Params: Params }>('/interaction/:uid', { schema: { params: uidSchema } }, async (request, reply) => {
    const details = await load(request, reply);
    if (!details) return reply;
    const language = requestLanguage(request, { uiLocales: details.params.ui_locales });
    const path = `/interaction/${details.uid}`;
    const portal = await portalOf(details);
    if (details.prompt.name === 'login') {
      // Signed in already, only not strongly enough: straight to the second factor (step-up.ts).
      const earlier = await earlierSignIn(provider, details);
      const citizen = earlier ? await citizens.findById(earlier.citizenId) : undefined;
      const stepped =
        earlier && citizen?.status === 'active'
          ? await loginSteps.stepUp(request, reply, details, citizen, earlier)
          : undefined;
      if (stepped) return stepped;
      return html(reply).send(loginPage({ language, path, portal, failed: false }));
    }
    const scopes = typeof details.params.scope === 'string' ? details.params.scope.split(' ').filter(Boolean) : [];
    return html(reply).send(consentPage({ language, path, portal, scopes }));
  });

  app.post<{ Params: Params; Body: { personal_id: string; password: string } }>(
    '/interaction/:uid/login',
    { schema: { params: uidSchema, body: loginBodySchema } },
    async (request, reply) => {
      const details = await load(request, reply);
      if (!details) return reply;
      if (details.prompt.name !== 'login')
        throw new AppError('invalid_request', 'this interaction is not waiting for a login');
      const clientId = String(details.params.client_id);
      const attempt = await security.beginLogin(request, request.body.personal_id, clientId);
      // An active wait refuses the attempt before any hash is computed, right password or not.
      const citizen =
        attempt.waitSeconds > 0
          ? undefined
          : await citizens.authenticate(request.body.personal_id, request.body.password);
      if (!citizen) {
        const waitSeconds = attempt.waitSeconds > 0 ? attempt.waitSeconds : await attempt.failed();
        // One message for unknown numbers, wrong passwords and inactive accounts alike.
        const path = `/interaction/${details.uid}`;
        const page = loginPage({
          // The switch leads to the same login page, fetched afresh.
          language: requestLanguage(request, { uiLocales: details.params.ui_locales, replayableUrl: path }),
          path,
          portal: await portalOf(details),
          failed: true,
          waitSeconds,
          personalId: request.body.personal_id.slice(0, 24),
        });
        if (attempt.waitSeconds > 0) void reply.status(429).header('retry-after', String(attempt.waitSeconds));
        return html(reply).send(page);
      }
      request.log.info({ account: citizen.id, client: details.params.client_id }, 'citizen signed in');
      // What the password alone proved; the login steps add second factors and decide the acr.
      await attempt.succeeded(citizen, {
        acr: acrOf({ level: accountLevelOf(citizen) ?? 1, strength: 'pwd' }),
        amr: ['pwd'],
      });
      // Then a second factor where the portal or a new device needs one, the organization
      // choice for organization portals, and the end of the login (routes/login/login-steps.ts).
      return loginSteps.afterPassword(request, reply, details, citizen);
    },
  );

  app.post<{ Params: Params }>(
    '/interaction/:uid/confirm',
    { schema: { params: uidSchema } },
    async (request, reply) => {
      const details = await load(request, reply);
      if (!details) return reply;
      const { prompt, params, session } = details;
      if (prompt.name !== 'consent' || !session?.accountId)
        throw new AppError('invalid_request', 'this interaction is not waiting for consent');
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: session.accountId, clientId: String(params.client_id) });
      if (!grant) throw new AppError('invalid_request', 'the grant for this interaction no longer exists');
      const missing = prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
      const grantId = await grant.save();
      await security.consentGiven(request, String(params.client_id), session.accountId, grantId, {
        scopes: missing.missingOIDCScope ?? [],
        claims: missing.missingOIDCClaims ?? [],
      });
      request.log.info({ account: session.accountId, client: params.client_id }, 'consent given');
      // Merged with the login this authorization just did: without it, a prompt=login request
      // would find its login prompt unresolved after consent and ask for the password again.
      return finish(request, reply, { consent: details.grantId ? {} : { grantId } }, true);
    },
  );

  app.post<{ Params: Params }>('/interaction/:uid/abort', { schema: { params: uidSchema } }, async (request, reply) => {
    const details = await load(request, reply);
    if (!details) return reply;
    await security.declined(request, String(details.params.client_id), details.session?.accountId);
    return finish(request, reply, { error: 'access_denied', error_description: 'the citizen declined' });
  });
}
