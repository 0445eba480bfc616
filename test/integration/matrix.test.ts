import type { MatrixView, ThreadView } from '@accord/shared';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from '../support/api.ts';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { signIn } from '../support/clients.ts';

const base = '/api/consultations/lmec-2017';

describe('The comments matrix of the demo consultation, and its exports', () => {
  let server: InProcessApp;
  let secretariat: Api;
  let observer: Api;
  let cookies: { secretariat: string; observer: string };

  beforeAll(async () => {
    server = await startInProcess();
    cookies = {
      secretariat: await signIn(server.url, 'secretariat@lmec.org'),
      observer: await signIn(server.url, 'observer@lmec.org'),
    };
    secretariat = apiClient(server.url, cookies.secretariat);
    observer = apiClient(server.url, cookies.observer);
  });
  afterAll(async () => {
    await server?.close();
  });

  const download = async (cookie: string, path: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('groups the 2017 comments by stakeholder, with review statuses, in the order of the stakeholders', async () => {
    const { status, body } = await observer.get<MatrixView>(`${base}/matrix`);
    expect(status).toBe(200);
    expect(body.groups.map((g) => [g.stakeholder?.id, g.reviewStatus, g.rows.length])).toEqual([
      ['china', 'not_started', 0],
      ['cambodia', 'no_comments', 0],
      ['laos', 'submitted', 8],
      ['myanmar', 'reviewing', 0],
      ['thailand', 'no_comments', 0],
      ['vietnam', 'not_started', 0],
      ['tnc', 'submitted', 1],
      ['ci', 'submitted', 2],
      ['sei', 'reviewing', 2],
    ]);
    const laos = body.groups[2]?.rows ?? [];
    expect(laos[0]).toMatchObject({
      clauseNumber: '1.1',
      sectionTitle: { en: 'Background', zh: '背景' },
      passage: { language: 'en', quote: '2030 Sustainable Development Agenda', detached: false },
      kind: 'proposal',
      response: { status: 'accepted' },
      applied: false,
    });
    expect(laos.map((r) => r.clauseNumber)).toEqual(['1.1', '2.1', '4.3', '4.6', '5.2.1', '5.3.4', '5.4.4', '6.1']);
  });

  it('filters by stakeholder, section, kind and response, and refuses unknown filters', async () => {
    const bySection = (await observer.get<MatrixView>(`${base}/matrix?sectionId=pa-3`)).body;
    expect(bySection.rowCount).toBe(3);
    expect(bySection.groups.flatMap((g) => g.rows.map((r) => r.clauseNumber))).toEqual(['5.3.4', '5.3.2', '5.3.2']);
    const priorityAreas = (await observer.get<MatrixView>(`${base}/matrix?sectionId=priority-areas`)).body;
    expect(priorityAreas.rowCount).toBe(5);
    const questions = (await observer.get<MatrixView>(`${base}/matrix?kind=question`)).body;
    expect(questions.groups.map((g) => [g.stakeholder?.id, g.rows.length])).toEqual([['ci', 1]]);
    const unanswered = (await observer.get<MatrixView>(`${base}/matrix?response=none`)).body;
    expect(unanswered.rowCount).toBe(1);
    const partially = (await observer.get<MatrixView>(`${base}/matrix?response=partially_accepted&stakeholderId=laos`))
      .body;
    expect(partially.groups.flatMap((g) => g.rows.map((r) => r.clauseNumber))).toEqual(['5.4.4']);

    const bad = await observer.get<{ error: { message: string } }>(`${base}/matrix?response=maybe`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/response/);
    expect((await apiClient(server.url, null).get(`${base}/matrix`)).status).toBe(401);
  });

  it('exports exactly the filtered view to XLSX that exceljs opens', async () => {
    const { res, bytes } = await download(cookies.observer, `${base}/matrix/export.xlsx?stakeholderId=laos`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="comments-matrix-\d{4}-\d{2}-\d{2}\.xlsx"/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no worksheet');
    const text = (sheet.getSheetValues() as unknown[][])
      .flatMap((row) => (row ?? []).map((cell) => String(cell ?? '')))
      .join('\n');
    expect(text).toContain('Stakeholders');
    expect(text).toContain('Lao PDR');
    expect(text).toContain('2030 Sustainable Development Agenda');
    expect(text).toContain('采纳');
    expect(text).not.toContain('The Nature Conservancy');
  });

  it('exports a DOCX that mammoth reads, and a CSV, with the rows of the matrix', async () => {
    const docx = await download(cookies.observer, `${base}/matrix/export.docx`);
    expect(docx.res.status).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: docx.bytes });
    expect(value).toContain('Targeted Parts');
    expect(value).toContain('The Nature Conservancy');
    expect(value).toContain('Is there a specific plan for transboundary natural protection areas');

    const csv = await download(cookies.observer, `${base}/matrix/export.csv?kind=question`);
    expect(csv.res.status).toBe(200);
    expect(csv.res.headers.get('content-type')).toMatch(/text\/csv/);
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('Conservation International');
    expect(text).not.toContain('Lao PDR');

    expect((await download(cookies.observer, `${base}/matrix/export.pdf`)).res.status).toBe(404);
  });

  it('never puts a hidden comment in an export, not even the secretariat’s', async () => {
    const { body: thread } = await apiClient(
      server.url,
      await signIn(server.url, 'delegate.china@lmec.org'),
    ).post<ThreadView>(`${base}/threads`, {
      clauseId: 'pa-5-1',
      kind: 'comment',
      body: 'Something the secretariat will hide',
    });
    await secretariat.post(`${base}/comments/${thread.comments[0]?.id}/hide`, { reason: 'Personal remark' });
    const page = (await secretariat.get<MatrixView>(`${base}/matrix?stakeholderId=china`)).body;
    expect(page.groups[0]?.rows[0]).toMatchObject({
      commentState: 'hidden',
      comment: 'Something the secretariat will hide',
    });
    const csv = (await download(cookies.secretariat, `${base}/matrix/export.csv?stakeholderId=china`)).bytes.toString(
      'utf8',
    );
    expect(csv).not.toContain('Something the secretariat will hide');
    expect(csv).toMatch(/Hidden/);
  });
});
