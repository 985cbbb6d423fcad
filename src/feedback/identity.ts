import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../store/keys.js';

/**
 * Pseudonymous identities: `channel:userId` → a salted SHA-256, 16 hex characters. The salt is
 * FEEDBACK_SALT, or generated once and kept in Redis (SET NX, so every replica agrees on it).
 */
export async function loadSalt(redis: Redis, keys: Keys, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await redis.set(keys.feedbackSalt(), randomBytes(24).toString('base64url'), 'NX');
  const salt = await redis.get(keys.feedbackSalt());
  if (!salt) throw new Error('feedback: no salt in Redis');
  return salt;
}

export function pseudonym(salt: string, identity: string): string {
  return createHash('sha256').update(`${salt}\n${identity}`).digest('hex').slice(0, 16);
}

/** A short random id for asks and pairs (base62-ish, fits easily in a 64-byte callback). */
export function newId(bytes = 8): string {
  return randomBytes(bytes).toString('base64url').replace(/[-_]/g, 'x');
}

export function textHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 12);
}
