import type { ThreadView } from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { signIn } from '../support/clients.ts';

const base = '/api/consultations/lmec-2017';

describe('posting limit', () => {
  let server: InProcessApp;
  beforeAll(async () => {
    server = await startInProcess({ postingLimit: 5 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('stops a person posting faster than anyone can read (429), writing nothing, and nobody else', async () => {
    const laos = apiClient(server.url, await signIn(server.url, 'delegate.laos@lmec.org'));
    const china = apiClient(server.url, await signIn(server.url, 'delegate.china@lmec.org'));
    const post = (who: typeof laos, body: string) =>
      who.post<ThreadView>(`${base}/threads`, { clauseId: 'pa-1-1', kind: 'comment', body });

    const first = await post(laos, 'one');
    expect(first.status).toBe(201);
    for (const body of ['two', 'three', 'four']) expect((await post(laos, body)).status).toBe(201);
    // Replies count too.
    expect((await laos.post(`${base}/threads/${first.body.id}/replies`, { body: 'five' })).status).toBe(201);

    const count = async () => (await china.get<{ threads: ThreadView[] }>(`${base}/threads`)).body.threads.length;
    const before = await count();
    const refused = await fetch(`${server.url}${base}/threads`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: await signIn(server.url, 'delegate.laos@lmec.org'),
      },
      body: JSON.stringify({ clauseId: 'pa-1-1', kind: 'comment', body: 'six' }),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string; reason: string } }).error).toMatchObject({
      code: 'too_many_posts',
      reason: 'posting_too_fast',
    });
    expect((await laos.post(`${base}/threads/${first.body.id}/replies`, { body: 'seven' })).status).toBe(429);
    expect(await count()).toBe(before);

    // Counted per person, not per consultation.
    expect((await post(china, 'from China')).status).toBe(201);
  });
});
