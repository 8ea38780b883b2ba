// One citizen read per protocol request: repeated asks within a request share it, another
// request reads afresh (a lock takes effect at once), and a failed read is not remembered.
import { describe, expect, it, vi } from 'vitest';
import type { Citizen } from '../../src/modules/citizens/citizens.repository.ts';
import { requestScopedCitizens } from '../../src/oidc/request-citizens.ts';

const citizen = (status: Citizen['status']) => ({ id: 'c1', status }) as Citizen;

describe('requestScopedCitizens', () => {
  it('reads a citizen once per request, and again for the next request', async () => {
    const findById = vi.fn(async () => citizen('active'));
    const citizenOf = requestScopedCitizens({ findById });
    const first = {};
    const asks = await Promise.all([citizenOf(first, 'c1'), citizenOf(first, 'c1'), citizenOf(first, 'c1')]);
    expect(asks.map((row) => row?.status)).toEqual(['active', 'active', 'active']);
    expect(findById).toHaveBeenCalledTimes(1);

    findById.mockResolvedValueOnce(citizen('locked'));
    expect((await citizenOf({}, 'c1'))?.status).toBe('locked');
    expect(findById).toHaveBeenCalledTimes(2);
  });

  it('reads again after a failed read within the same request', async () => {
    const findById = vi.fn<(id: string) => Promise<Citizen | undefined>>();
    findById.mockRejectedValueOnce(new Error('postgres is unavailable'));
    findById.mockResolvedValueOnce(citizen('active'));
    const citizenOf = requestScopedCitizens({ findById });
    const request = {};
    await expect(citizenOf(request, 'c1')).rejects.toThrow('unavailable');
    expect((await citizenOf(request, 'c1'))?.status).toBe('active');
    expect(findById).toHaveBeenCalledTimes(2);
  });

  it('reads every time without a request', async () => {
    const findById = vi.fn(async () => citizen('active'));
    const citizenOf = requestScopedCitizens({ findById });
    await citizenOf(undefined, 'c1');
    await citizenOf(undefined, 'c1');
    expect(findById).toHaveBeenCalledTimes(2);
  });
});
