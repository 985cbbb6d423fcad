import { testRedis } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';

/** A tiny cookie-keeping HTTP client for the console (redirects are not followed). */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly ip = '203.0.113.1',
  ) {}

  private absorb(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = (pair ?? '').split('=') as [string, string];
      if (v === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { 'x-forwarded-for': this.ip, ...(cookie ? { cookie } : {}), ...extra };
  }

  async get(path: string): Promise<Response> {
    const res = await fetch(this.base + path, { redirect: 'manual', headers: this.headers() });
    this.absorb(res);
    return res;
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', ...headers }),
      body: new URLSearchParams(form).toString(),
    });
    this.absorb(res);
    return res;
  }

  /** GET a page and return its CSRF token (the first hidden _csrf field). */
  async csrf(path: string): Promise<string> {
    const text = await (await this.get(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text);
    if (!m?.[1]) throw new Error(`no CSRF token on ${path}`);
    return m[1];
  }

  async login(name: string, password: string): Promise<Response> {
    const token = await this.csrf('/admin/login');
    return this.post('/admin/login', { _csrf: token, name, password });
  }
}

/** Create a console account directly through the app's staff store. */
export async function addStaff(t: TestApp, name: string, password: string, level: 'staff' | 'admin' = 'staff') {
  return t.app.services.staff.add(name, password, level);
}

export { testRedis };
