import { describe, expect, it } from 'vitest';
import { decodeConversationId, encodeConversationId } from '../../src/core/types.js';

describe('conversation ids', () => {
  it('round-trips chats, threads and awkward characters', () => {
    const refs = [
      { channel: 'telegram' as const, chatId: '-100123', threadId: '42' },
      { channel: 'slack' as const, chatId: 'C0123', threadId: '1700000000.000100' },
      { channel: 'web' as const, chatId: 'a:b%c' },
    ];
    for (const r of refs) expect(decodeConversationId(encodeConversationId(r))).toEqual(r);
    expect(encodeConversationId(refs[0]!)).toBe('telegram:-100123:42');
  });

  it('rejects ids that name no channel', () => {
    expect(() => decodeConversationId('fax:1')).toThrow(/invalid conversation id/);
    expect(() => decodeConversationId('web')).toThrow();
  });
});
