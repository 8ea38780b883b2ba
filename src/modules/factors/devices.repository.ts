// Devices a citizen has completed a second factor on. A browser carries a random device id in
// a long-lived HttpOnly cookie (routes/login/device-cookie.ts); only its SHA-256 is kept here,
// per citizen, so the table can neither be replayed as cookies nor link citizens to each other.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { guardPostgres } from '../../db/guard.ts';
import { knownDevices } from '../../db/schema.ts';

export function deviceHash(deviceId: string): string {
  return createHash('sha256').update(deviceId).digest('base64url');
}

export function createDevicesRepository(db: Database) {
  return {
    async isKnown(citizenId: string, deviceId: string | undefined): Promise<boolean> {
      if (!deviceId) return false;
      const [row] = await guardPostgres(() =>
        db
          .select({ citizenId: knownDevices.citizenId })
          .from(knownDevices)
          .where(and(eq(knownDevices.citizenId, citizenId), eq(knownDevices.deviceHash, deviceHash(deviceId))))
          .limit(1),
      );
      return row !== undefined;
    },
    async remember(citizenId: string, deviceId: string): Promise<void> {
      await guardPostgres(() =>
        db
          .insert(knownDevices)
          .values({ citizenId, deviceHash: deviceHash(deviceId) })
          .onConflictDoUpdate({
            target: [knownDevices.citizenId, knownDevices.deviceHash],
            set: { lastSeenAt: new Date() },
          }),
      );
    },
  };
}

export type DevicesRepository = ReturnType<typeof createDevicesRepository>;
