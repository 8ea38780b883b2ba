// The chain of a sign-in: password -> second factor (when the request or a new device needs
// one) -> organization choice (organization requests) -> finish. Each step records what it
// proved in the pending login and calls advance(), the one place that decides what is still
// missing, so no step can skip another.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { Database } from '../../db/database.ts';
import { recordAudit } from '../../modules/audit/audit.repository.ts';
import type { Citizen } from '../../modules/citizens/citizens.repository.ts';
import type { DevicesRepository } from '../../modules/factors/devices.repository.ts';
import { strengthOfAmr, strongerOrEqual } from '../../oidc/assurance/acr.ts';
import { acrFor } from '../../oidc/assurance/requirement.ts';
import { requestsOrganization } from '../../oidc/organization-login.ts';
import { unmetPage } from '../../views/factor-setup-pages.ts';
import type { OrganizationChoice } from '../organization-choice.ts';
import type { RequirementOf } from './assurance-requirement.ts';
import { ensureDeviceId, readDeviceId } from './device-cookie.ts';
import { withMethod, type PendingLogin, type PendingLogins } from './pending-login.ts';
import type { EarlierSignIn } from './step-up.ts';
import { htmlReply, uidParams, type Details, type StepContext, type StepLoader } from './step-context.ts';

export interface LoginStepsDeps {
  readonly provider: Provider;
  readonly db: Database;
  readonly pending: PendingLogins;
  readonly devices: DevicesRepository;
  readonly requirementOf: RequirementOf;
  readonly loadStep: StepLoader;
  readonly organizationChoice: OrganizationChoice;
  readonly secureCookies: boolean;
}

export function createLoginSteps(deps: LoginStepsDeps) {
  const actorOf = (request: FastifyRequest, citizenId: string) => ({
    type: 'citizen' as const,
    id: citizenId,
    ip: request.ip,
  });

  async function finish(request: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>) {
    const redirectTo = await deps.provider.interactionResult(request.raw, reply.raw, result, {
      mergeWithLastSubmission: false,
    });
    return reply.redirect(redirectTo, 303);
  }

  async function advance(
    request: FastifyRequest,
    reply: FastifyReply,
    details: Details,
    pending: PendingLogin,
    citizen: Citizen,
  ) {
    const uid = details.uid;
    const requirement = await deps.requirementOf(details, pending, citizen);
    if (!requirement.target) return reply.redirect(`/interaction/${uid}/unmet`, 303);
    const strength = strengthOfAmr(pending.amr);
    if (!strongerOrEqual(strength, requirement.target)) return reply.redirect(`/interaction/${uid}/second-factor`, 303);
    const acr = acrFor(requirement.request, { level: requirement.level, strength });
    if (!acr) return reply.redirect(`/interaction/${uid}/unmet`, 303);
    await deps.pending.clear(uid);
    const login = { acr, amr: [...pending.amr], ...(pending.loginTs ? { ts: pending.loginTs } : {}) };
    request.log.info({ account: citizen.id, client: details.params.client_id, acr }, 'sign-in complete');
    if (requestsOrganization(details.params.scope)) return deps.organizationChoice.begin(reply, uid, citizen, login);
    return finish(request, reply, { login: { accountId: citizen.id, ...login, remember: false } });
  }

  /** Records a proved second factor in the pending login, remembers this device, audits it. */
  async function recordProof(request: FastifyRequest, step: StepContext, method: 'otp' | 'sms' | 'hwk') {
    withMethod(step.pending, method);
    await deps.pending.save(step.uid, step.pending);
    const deviceId = readDeviceId(request);
    if (deviceId) await deps.devices.remember(step.citizen.id, deviceId);
    await recordAudit(deps.db, actorOf(request, step.citizen.id), {
      action: 'login.second_factor',
      targetType: 'citizen',
      targetId: step.citizen.id,
      clientId: step.clientId,
      details: { method, newDevice: step.pending.newDevice },
    });
  }

  return {
    advance,

    /** A wrong second-factor answer, audited with the wait it started. */
    async secondFactorFailed(request: FastifyRequest, step: StepContext, method: string, waitSeconds: number) {
      await recordAudit(deps.db, actorOf(request, step.citizen.id), {
        action: 'login.second_factor_failed',
        targetType: 'citizen',
        targetId: step.citizen.id,
        clientId: step.clientId,
        details: { method, waitSeconds },
      });
    },

    /** Called by the login route once the password is right. */
    async afterPassword(request: FastifyRequest, reply: FastifyReply, details: Details, citizen: Citizen) {
      const deviceId = ensureDeviceId(request, reply, deps.secureCookies);
      const pending: PendingLogin = {
        citizenId: citizen.id,
        amr: ['pwd'],
        newDevice: !(await deps.devices.isKnown(citizen.id, deviceId)),
        codesSent: 0,
      };
      await deps.pending.save(details.uid, pending);
      return advance(request, reply, details, pending, citizen);
    },

    /**
     * A signed-in session asked for more than it proved (step-up.ts): its password stands, and
     * the steps ask for a second factor; no password again. Undefined when the citizen has no
     * second factor to prove: the login page then asks for the password.
     */
    async stepUp(
      request: FastifyRequest,
      reply: FastifyReply,
      details: Details,
      citizen: Citizen,
      earlier: EarlierSignIn,
    ): Promise<FastifyReply | undefined> {
      // Coming back to the same interaction (a reload, a language switch) goes on where it was:
      // a fresh pending login would hand out new code sends and code attempts.
      const existing = await deps.pending.load(details.uid);
      if (existing?.citizenId === citizen.id) return advance(request, reply, details, existing, citizen);
      const deviceId = readDeviceId(request);
      const pending: PendingLogin = {
        citizenId: citizen.id,
        amr: ['pwd'],
        loginTs: earlier.loginTs,
        steppedUp: true,
        newDevice: !deviceId || !(await deps.devices.isKnown(citizen.id, deviceId)),
        codesSent: 0,
      };
      if (!(await deps.requirementOf(details, pending, citizen)).hasFactor) return undefined;
      ensureDeviceId(request, reply, deps.secureCookies);
      await deps.pending.save(details.uid, pending);
      await recordAudit(deps.db, actorOf(request, citizen.id), {
        action: 'login.step_up',
        targetType: 'citizen',
        targetId: citizen.id,
        clientId: String(details.params.client_id),
        details: { signedInAt: earlier.loginTs },
      });
      return advance(request, reply, details, pending, citizen);
    },

    /** A second factor was proved: remember it, and this device, then go on. */
    async proved(request: FastifyRequest, reply: FastifyReply, step: StepContext, method: 'otp' | 'sms' | 'hwk') {
      await recordProof(request, step, method);
      return advance(request, reply, step.details, step.pending, step.citizen);
    },
    recordProof,

    register(app: FastifyInstance) {
      const schema = { params: uidParams };
      app.get('/interaction/:uid/unmet', { schema }, async (request, reply) => {
        const step = await deps.loadStep(request, reply);
        if (!step) return reply;
        const requirement = await deps.requirementOf(step.details, step.pending, step.citizen);
        const page = unmetPage({
          language: step.language,
          path: step.path,
          portalName: requirement.portalName,
          levelTooLow: !requirement.request.onlyUnknownValues,
        });
        return htmlReply(reply).send(page);
      });
      // OpenID Connect Core Error Code unmet_authentication_requirements (openid.net, 2019):
      // the OP cannot meet the RP's authentication requirements; never a silent downgrade.
      app.post('/interaction/:uid/unmet', { schema }, async (request, reply) => {
        const step = await deps.loadStep(request, reply);
        if (!step) return reply;
        await deps.pending.clear(step.uid);
        await recordAudit(deps.db, actorOf(request, step.citizen.id), {
          action: 'login.assurance_unmet',
          targetType: 'citizen',
          targetId: step.citizen.id,
          clientId: step.clientId,
          details: { accountLevel: step.citizen.accountLevel },
        });
        return finish(request, reply, {
          error: 'unmet_authentication_requirements',
          error_description: 'the account cannot meet the requested authentication context',
        });
      });
      app.post('/interaction/:uid/continue', { schema }, async (request, reply) => {
        const step = await deps.loadStep(request, reply);
        if (!step) return reply;
        return advance(request, reply, step.details, step.pending, step.citizen);
      });
    },
  };
}

export type LoginSteps = ReturnType<typeof createLoginSteps>;
