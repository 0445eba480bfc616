import type { ConsultationResponse, SessionResponse } from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { signIn } from '../support/clients.ts';

describe('HTTP API: sessions and consultations', () => {
  let server: InProcessApp;
  beforeAll(async () => {
    server = await startInProcess();
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (path: string, body: unknown, cookie?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });

  it('signs in with the right password, and sets an HttpOnly SameSite cookie', async () => {
    const res = await post('/api/session', { email: 'Delegate.Laos@lmec.org', password: 'accord-demo' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as SessionResponse;
    expect(body.person).toMatchObject({ id: 'p-laos', role: 'delegate', stakeholderId: 'laos' });
    expect(body.person).not.toHaveProperty('passwordHash');
    expect(body.stakeholder?.name.en).toBe('Lao PDR');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/accord\.sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('refuses wrong credentials and bad input with clear errors', async () => {
    const wrong = await post('/api/session', { email: 'delegate.laos@lmec.org', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong email or password.' } });
    const unknown = await post('/api/session', { email: 'nobody@lmec.org', password: 'accord-demo' });
    expect(unknown.status).toBe(401);
    const missing = await post('/api/session', { email: 'delegate.laos@lmec.org' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/password/);
    const malformed = await post('/api/session', '{"email":');
    expect(malformed.status).toBe(400);
  });

  it('slows down password guessing', async () => {
    const email = 'delegate.myanmar@lmec.org';
    for (let i = 0; i < 10; i++)
      expect((await post('/api/session', { email, password: `guess-${i}` })).status).toBe(401);
    const blocked = await post('/api/session', { email, password: 'accord-demo' });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('counts concurrent guesses too', async () => {
    const email = 'delegate.vietnam@lmec.org';
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        post('/api/session', { email, password: `parallel-${i}` }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it('requires a session for the API and forgets it on sign-out', async () => {
    expect((await get('/api/consultations')).status).toBe(401);
    expect((await get('/api/session')).status).toBe(401);
    const cookie = await signIn(server.url, 'observer@lmec.org');
    expect((await get('/api/session', cookie)).status).toBe(200);
    const out = await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { cookie } });
    expect(out.status).toBe(204);
    expect((await get('/api/session', cookie)).status).toBe(401);
    expect((await get('/api/consultations', cookie)).status).toBe(401);
  });

  it('sends security headers that keep other sites from framing or scripting the app', async () => {
    const res = await get('/api/health');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('gives a new session id at sign-in (no fixation)', async () => {
    const first = await signIn(server.url, 'delegate.china@lmec.org');
    const res = await post('/api/session', { email: 'delegate.china@lmec.org', password: 'accord-demo' }, first);
    const second = (res.headers.get('set-cookie') ?? '').split(';')[0];
    expect(second).toMatch(/accord\.sid=/);
    expect(second).not.toBe(first);
  });

  it("serves the demo framework with the caller's capabilities", async () => {
    const observer = await signIn(server.url, 'observer@lmec.org');
    const list = (await (await get('/api/consultations', observer)).json()) as { id: string; clauseCount: number }[];
    expect(list).toEqual([expect.objectContaining({ id: 'lmec-2017', clauseCount: 51 })]);

    const body = (await (await get('/api/consultations/lmec-2017', observer)).json()) as ConsultationResponse;
    expect(body.consultation.title.zh).toBe('澜沧江-湄公河环境合作战略框架');
    expect(body.framework.sections.filter((s) => s.parentId === 'priority-areas')).toHaveLength(9);
    expect(body.stakeholders.filter((s) => s.kind === 'member_state').map((s) => s.name.en)).toEqual([
      'China',
      'Cambodia',
      'Lao PDR',
      'Myanmar',
      'Thailand',
      'Viet Nam',
    ]);
    expect(body.capabilities['clause.editText']).toBe(false);
    expect(body.clauseTexts['principle-3']).toEqual({
      en: 'Following the principles of joint construction, sharing and mutual benefit',
      zh: '采取共建、共享、互惠互利的合作原则；',
    });
    expect(Object.keys(body.clauseTexts)).toHaveLength(51);

    const delegate = await signIn(server.url, 'delegate.thailand@lmec.org');
    const asDelegate = (await (await get('/api/consultations/lmec-2017', delegate)).json()) as ConsultationResponse;
    expect(asDelegate.capabilities['clause.editText']).toBe(true);

    expect((await get('/api/consultations/nope', delegate)).status).toBe(404);
    expect((await get('/api/consultations/bad%20id', delegate)).status).toBe(400);
    expect((await get('/api/nothing-here', delegate)).status).toBe(404);
  });
});
