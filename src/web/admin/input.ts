import { DateTime } from 'luxon';

/** A trimmed text field from a urlencoded body ('' when absent or not text). */
export function field(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** `2026-12-01T09:30` from a datetime-local input → ISO with the zone's offset, or null. */
export function localToIso(v: string, zone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) return null;
  const d = DateTime.fromISO(v, { zone });
  return d.isValid ? d.toISO() : null;
}

/** ISO → the value a datetime-local input shows, in the zone. */
export function isoToLocal(iso: string, zone: string): string {
  const d = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  return d.isValid ? d.toFormat("yyyy-MM-dd'T'HH:mm") : '';
}

/** A readable date-time in the zone (month-only events show the month). */
export function showTime(iso: string, zone: string, monthOnly = false): string {
  const d = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  if (!d.isValid) return iso;
  return monthOnly ? d.toFormat('yyyy-MM') : d.toFormat('yyyy-MM-dd HH:mm');
}

/** `district:滨湖, 企业` → ['district:滨湖', '企业'] (split on commas, Chinese commas and spaces). */
export function tags(v: string): string[] {
  return [
    ...new Set(
      v
        .split(/[,，、\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, 20);
}
