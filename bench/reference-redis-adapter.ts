// The second reference: the bare library with the least a shared store needs, so the bench can
// tell what Redis itself costs from what chiakhoa adds. The issue asks for processes that share
// their state; with oidc-provider's memory adapter the reference shares nothing and writes no
// socket. This adapter does what oidc-provider's documented Redis example does, and no more:
// one record per key with its TTL, a list per grant, uid and user-code pointers, consumption as
// a hash field. No digests, no audit, no rate limit: each of those is chiakhoa's own cost.
import { Redis } from 'ioredis';
import type { Adapter, AdapterPayload } from 'oidc-provider';

const CONSUMABLE = new Set(['AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

export function redisAdapterFactory(url: string): (model: string) => Adapter {
  const redis = new Redis(url, { keyPrefix: 'reference:', enableAutoPipelining: true });
  return (model) => new ReferenceRedisAdapter(redis, model);
}

class ReferenceRedisAdapter implements Adapter {
  private readonly redis: Redis;
  private readonly model: string;

  constructor(redis: Redis, model: string) {
    this.redis = redis;
    this.model = model;
  }

  private key(id: string) {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const key = this.key(id);
    const multi = this.redis.multi();
    if (CONSUMABLE.has(this.model)) multi.hset(key, 'payload', JSON.stringify(payload));
    else multi.set(key, JSON.stringify(payload));
    if (expiresIn) multi.expire(key, expiresIn);
    if (payload.grantId) {
      multi.rpush(`grant:${payload.grantId}`, key);
      if (expiresIn) multi.expire(`grant:${payload.grantId}`, expiresIn, 'GT');
    }
    for (const [pointer, value] of [
      ['uid', payload.uid],
      ['userCode', payload.userCode],
    ] as const) {
      if (value) multi.set(`${pointer}:${value}`, id, 'EX', expiresIn);
    }
    await multi.exec();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const key = this.key(id);
    if (!CONSUMABLE.has(this.model)) {
      const stored = await this.redis.get(key);
      return stored ? (JSON.parse(stored) as AdapterPayload) : undefined;
    }
    const { payload, consumed } = await this.redis.hgetall(key);
    if (!payload) return undefined;
    const parsed = JSON.parse(payload) as AdapterPayload;
    return consumed ? { ...parsed, consumed: Number(consumed) } : parsed;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = await this.redis.get(`uid:${uid}`);
    return id ? this.find(id) : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = await this.redis.get(`userCode:${userCode}`);
    return id ? this.find(id) : undefined;
  }

  async destroy(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const keys = await this.redis.lrange(`grant:${grantId}`, 0, -1);
    await this.redis.del(...keys, `grant:${grantId}`);
  }

  async consume(id: string): Promise<void> {
    await this.redis.hset(this.key(id), 'consumed', Math.floor(Date.now() / 1000));
  }
}
