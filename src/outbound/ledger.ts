/**
 * The delivery ledger (keys.delivery): one value per delivery id — `sending:<token>` while the
 * platform call runs, then `sent`, `failed:<why>`; `retry:<why>` between attempts. The claim and its
 * rate buckets are one Lua call (limits.ts); the report hashes (broadcast, event) mirror the final state.
 */

/** Ledger value → report state: 'sent', 'failed:<why>', 'skipped:<why>', or the raw value. */
export function ledgerState(v: string | null): string {
  if (!v) return 'pending';
  if (v.startsWith('sent')) return 'sent';
  return v;
}
