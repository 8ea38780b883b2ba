// Pairwise subjects (OIDC Core §8.1): portals of one sector see the same `sub` for a citizen,
// portals of another sector or with public subjects see a different one.
import { describe, expect, it } from 'vitest';
import { authorize, newCitizenPage, setupE2E } from '../helpers/browser.ts';
import { enrolCitizen } from '../helpers/fixtures.ts';
import { beginLogin, createPortal, finishLogin, type Portal } from '../helpers/portal-client.ts';

describe('pairwise subject identifiers', () => {
  const e2e = setupE2E();

  it('shares sub within a sector and separates it across sectors and public portals', async () => {
    const { citizen, personalId, password } = await enrolCitizen(e2e.app);
    const [hospital, clinic, tax, publicPortal] = await Promise.all([
      createPortal(e2e.app, e2e.portalServer, { name: 'Bệnh viện Bạch Mai', sector: 'y-te.gov.vn' }),
      createPortal(e2e.app, e2e.portalServer, { name: 'Phòng khám quận 1', sector: 'y-te.gov.vn' }),
      createPortal(e2e.app, e2e.portalServer, { name: 'Tổng cục Thuế', sector: 'thue.gov.vn' }),
      createPortal(e2e.app, e2e.portalServer, { name: 'Cổng công khai' }),
    ]);
    // One browser session: the citizen signs in once, then only consents for each portal.
    const page = await newCitizenPage(e2e.browser);
    const subFor = async (portal: Portal) => {
      const login = await beginLogin(portal);
      const tokens = await finishLogin(portal, login, await authorize(page, portal, login, { personalId, password }));
      return tokens.claims()!.sub;
    };
    const subs = {
      hospital: await subFor(hospital),
      clinic: await subFor(clinic),
      tax: await subFor(tax),
      public: await subFor(publicPortal),
    };
    await page.context().close();

    expect(subs.clinic).toBe(subs.hospital);
    expect(subs.tax).not.toBe(subs.hospital);
    expect(subs.public).toBe(citizen.id);
    expect(subs.hospital).not.toBe(citizen.id);
    expect(subs.tax).not.toBe(citizen.id);
    for (const sub of Object.values(subs)) expect(sub).not.toContain(personalId);
  });
});
