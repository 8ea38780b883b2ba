// A bench run's own backing stores: a database created on the test PostgreSQL server and
// dropped afterwards, and a redis-server of its own (so its memory can be measured), seeded
// with the bench portals and a few citizens.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openPostgres } from '../src/db/database.ts';
import { createCitizensRepository } from '../src/modules/citizens/citizens.repository.ts';
import { createCitizensService } from '../src/modules/citizens/citizens.service.ts';
import { createClientsRepository } from '../src/modules/clients/clients.repository.ts';
import { hashSecret } from '../src/modules/secrets/secret-hash.ts';
import { TEST_DATABASE_URL } from '../test/helpers/env.ts';
import { RedisInstance } from '../test/helpers/redis-instance.ts';
import { syntheticPersonalId } from './registry.ts';
import { BENCH_CLIENTS, BENCH_PASSWORD, type BenchSetup } from './setup.ts';

export interface BenchEnvironment {
  readonly databaseUrl: string;
  readonly redis: RedisInstance;
  readonly citizens: { personalId: string; password: string }[];
  readonly passwordHash: string;
  /** What every chiakhoa process of the run gets: same stores, same keys. */
  readonly chiakhoaEnv: Record<string, string>;
  close(): Promise<void>;
}

const DATABASE = `chiakhoa_bench_${process.pid}`;

async function seed(databaseUrl: string, setup: BenchSetup, citizenCount: number) {
  const database = await openPostgres(databaseUrl);
  try {
    await database.migrate();
    const clients = createClientsRepository(database.db);
    for (const client of Object.values(BENCH_CLIENTS)) {
      const metadata = { ...client, client_name: 'Cổng đo tải', subject_type: 'public', post_logout_redirect_uris: [] };
      const secret = client.token_endpoint_auth_method === 'client_secret_basic';
      await clients.upsert({
        clientId: client.client_id,
        name: 'Cổng đo tải',
        metadata: secret ? metadata : { ...metadata, jwks: { keys: [setup.clientPublicJwk] } },
        secretHash: secret ? await hashSecret(setup.clientSecret) : null,
        enabled: true,
      });
    }
    const service = createCitizensService(createCitizensRepository(database.db));
    const citizens = [];
    for (let i = 0; i < citizenCount; i += 1) {
      const { personalId, birthDate, sex } = syntheticPersonalId(i);
      await service.enrol({
        personalId,
        birthDate,
        sex,
        fullName: `Công dân ${i}`,
        password: BENCH_PASSWORD,
        accountLevel: 2,
      });
      citizens.push({ personalId, password: BENCH_PASSWORD });
    }
    return citizens;
  } finally {
    await database.close();
  }
}

export async function openBenchEnvironment(setup: BenchSetup): Promise<BenchEnvironment> {
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
  await admin.unsafe(`create database ${DATABASE}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${DATABASE}`;
  const databaseUrl = url.href;
  const citizens = await seed(databaseUrl, setup, 16);
  const redis = await RedisInstance.start();
  return {
    databaseUrl,
    redis,
    citizens,
    passwordHash: await hashSecret(BENCH_PASSWORD),
    chiakhoaEnv: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      KEYS_JWKS: JSON.stringify(setup.signingJwks),
      COOKIE_KEYS: setup.cookieKey,
      PAIRWISE_SALT: setup.pairwiseSalt,
      FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      // The bench measures capacity: per-client rate limits would turn it into a count of 429s.
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000000000',
      RATE_LIMIT_TOKEN_PER_MINUTE: '1000000000',
    },
    async close() {
      await redis.kill();
      await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
