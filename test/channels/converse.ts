/** Wait until a fake API has recorded more than `before` calls of a kind and then stayed quiet briefly. */
export async function settle(count: () => number, before: number, quietMs = 150, timeoutMs = 8000): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (count() <= before) {
    if (Date.now() > until) throw new Error('no reply arrived');
    await new Promise((r) => setTimeout(r, 20));
  }
  let last = count();
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = count();
    if (now === last) return now;
    last = now;
  }
}
