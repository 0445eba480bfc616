import { inflateRawSync } from 'node:zlib';
import {
  exportFileName,
  MATRIX_EXPORT_HEADERS,
  type MatrixExportContext,
  matrixToCsv,
  matrixToDocx,
  matrixToXlsx,
} from '@accord/server';
import {
  buildMatrix,
  type CommentView,
  type Framework,
  type MatrixView,
  type ReviewStatusView,
  type Stakeholder,
  type ThreadView,
} from '@accord/shared';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';

const framework: Framework = {
  consultationId: 'lmec-2017',
  sections: [
    { id: 'principles', parentId: null, position: 0, title: { en: 'Cooperative Principles', zh: '合作原则' } },
    { id: 'areas', parentId: null, position: 1, title: { en: 'Priority Areas', zh: '优先合作领域' } },
    {
      id: 'biodiversity',
      parentId: 'areas',
      position: 0,
      title: { en: 'Ecosystem Management and Biodiversity Conservation', zh: '生态系统管理与生物多样性保护' },
    },
  ],
  clauses: [
    { id: 'principle-1', sectionId: 'principles', position: 0 },
    { id: 'bio-1', sectionId: 'biodiversity', position: 0 },
  ],
};

const stakeholders: Stakeholder[] = [
  { id: 'lmec', kind: 'secretariat', name: { en: 'LMEC Secretariat', zh: '澜湄环境合作中心秘书处' } },
  { id: 'cambodia', kind: 'member_state', name: { en: 'Cambodia', zh: '柬埔寨' } },
  { id: 'laos', kind: 'member_state', name: { en: 'Lao PDR', zh: '老挝' } },
  { id: 'myanmar', kind: 'member_state', name: { en: 'Myanmar', zh: '缅甸' } },
];

const reviewStatuses: ReviewStatusView[] = [
  { stakeholderId: 'cambodia', status: 'no_comments', by: { personId: 'p-kh', name: 'Sok Dara' }, at: 1 },
  { stakeholderId: 'myanmar', status: 'reviewing', by: { personId: 'p-mm', name: 'Aung Min' }, at: 1 },
];

const laoDelegate = { personId: 'p-laos', name: 'Khamla Phommachanh' };
const secretariat = { personId: 'p-sec', name: 'Chen Jing' };

const comment = (id: string, body: string | null, overrides: Partial<CommentView> = {}): CommentView => ({
  id,
  threadId: id.split('/')[0]!,
  author: laoDelegate,
  stakeholderId: 'laos',
  body,
  createdAt: 1,
  editedAt: null,
  withdrawnAt: null,
  hidden: null,
  ...overrides,
});

function thread(overrides: Partial<ThreadView> & { id: string; clauseId: string; createdAt: number }): ThreadView {
  return {
    consultationId: 'lmec-2017',
    passage: null,
    kind: 'comment',
    proposal: null,
    author: laoDelegate,
    stakeholderId: 'laos',
    status: 'open',
    locked: false,
    duplicateOf: null,
    comments: [],
    response: null,
    applied: null,
    updatedAt: overrides.createdAt,
    ...overrides,
  };
}

const PROPOSAL_TEXT = 'joint construction, access and benefit-sharing on a basis of mutual understanding';
// Commas, quotes and a line break: everything CSV must quote.
const TRICKY_COMMENT = 'Use "ABS", not "sharing",\nas agreed in Vientiane';
const FORMULA_COMMENT = '=HYPERLINK("http://evil.example","click")';

const threads: ThreadView[] = [
  thread({
    id: 'abs',
    clauseId: 'principle-1',
    createdAt: 10,
    kind: 'proposal',
    passage: {
      language: 'en',
      quote: 'sharing and mutual benefit',
      start: 'A',
      end: 'B',
      now: { state: 'attached', start: 0, end: 26, text: 'sharing and mutual benefit', by: 'position' },
    },
    proposal: { action: 'replace', text: PROPOSAL_TEXT },
    comments: [
      comment('abs/0', TRICKY_COMMENT),
      comment('abs/1', 'Agreed', { author: secretariat, stakeholderId: 'lmec' }),
      comment('abs/2', 'Thanks'),
    ],
    response: {
      status: 'accepted',
      explanation: { en: 'Wording adopted.', zh: '已采纳该措辞。' },
      by: secretariat,
      at: 20,
    },
    applied: { by: secretariat, at: 21 },
  }),
  thread({
    id: 'bbp',
    clauseId: 'bio-1',
    createdAt: 11,
    passage: { language: 'zh', quote: '丰富而脆弱的生态环境', start: 'A', end: 'B', now: { state: 'detached' } },
    comments: [comment('bbp/0', '建议增加生物多样性产品（BBP）项目的实施')],
    response: {
      status: 'partially_accepted',
      explanation: { en: '', zh: '部分内容已纳入5.3。' },
      by: secretariat,
      at: 22,
    },
  }),
  thread({ id: 'formula', clauseId: 'bio-1', createdAt: 12, comments: [comment('formula/0', FORMULA_COMMENT)] }),
  thread({
    id: 'gone',
    clauseId: 'bio-1',
    createdAt: 13,
    comments: [comment('gone/0', null, { withdrawnAt: 30 })],
  }),
];

const ctx: MatrixExportContext = {
  consultationTitle: {
    en: 'Lancang-Mekong Environmental Cooperation Strategic Framework',
    zh: '澜沧江-湄公河环境合作战略框架',
  },
  generatedAt: new Date('2026-11-25T09:30:00Z'),
  filtersDescription: 'All stakeholders',
};

let view: MatrixView;
beforeAll(() => {
  view = buildMatrix({ threads, framework, stakeholders, reviewStatuses }, {});
  // Guards the fixture itself: Cambodia, Lao PDR (4 rows) and Myanmar; no secretariat group.
  expect(view.groups.map((g) => `${g.stakeholder?.id}:${g.rows.length}`)).toEqual([
    'cambodia:0',
    'laos:4',
    'myanmar:0',
  ]);
});

/** A small RFC 4180 parser, strict enough to catch bad quoting. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i];
        i++;
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
      continue;
    }
    if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '"') {
      throw new Error(`unquoted ${JSON.stringify(ch)} at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || record.length) throw new Error('last record not ended with CRLF');
  return records;
}

/** One file out of a ZIP (DOCX) via its central directory: enough to look at the raw XML. */
function unzipEntry(zip: Buffer, name: string): string {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + skip;
  }
  throw new Error(`${name} not in the archive`);
}

describe('CSV export', () => {
  let csv: string;
  let records: string[][];
  beforeAll(() => {
    csv = matrixToCsv(view, ctx);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    records = parseCsv(csv.slice(1));
  });

  it('has the 2017 headers and one record per row, empty stakeholders included', () => {
    expect(records[0]).toEqual([...MATRIX_EXPORT_HEADERS]);
    expect(records.map((r) => r[0])).toEqual([
      '国家/组织 Stakeholders',
      '柬埔寨 Cambodia',
      '老挝 Lao PDR',
      '老挝 Lao PDR',
      '老挝 Lao PDR',
      '老挝 Lao PDR',
      '缅甸 Myanmar',
    ]);
    for (const record of records) expect(record).toHaveLength(4);
  });

  it('says the review status of a stakeholder without comments', () => {
    expect(records[1]).toEqual(['柬埔寨 Cambodia', '', '无意见 No comments', '']);
    expect(records[6]).toEqual(['缅甸 Myanmar', '', '审阅中 Reviewing', '']);
  });

  it('quotes commas, quotes and line breaks so they survive a round trip', () => {
    const [, targeted, commentText, response] = records[2]!;
    expect(targeted).toBe('1.1 · 1 合作原则 Cooperative Principles\n“sharing and mutual benefit”');
    expect(commentText).toContain(TRICKY_COMMENT);
    expect(commentText).toContain(`Proposed wording (替换 replace “sharing and mutual benefit”): ${PROPOSAL_TEXT}`);
    expect(commentText).toContain('2 replies');
    expect(response).toBe('采纳 Accepted\n已采纳该措辞。\nWording adopted.\n✓ 已纳入文本 Applied to the text');
    expect(csv).toContain('""ABS""');
  });

  it('separates records with CRLF only', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${MATRIX_EXPORT_HEADERS.join(',')}`);
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    const formulaRow = records[4]!;
    expect(formulaRow[2]!.startsWith(`'${FORMULA_COMMENT}`)).toBe(true);
    expect(records.flat().some((cell) => /^[=+\-@\t\r]/.test(cell))).toBe(false);
  });

  it('marks detached passages and withdrawn comments', () => {
    expect(records[3]![1]).toContain('“丰富而脆弱的生态环境” (passage deleted)');
    expect(records[3]![3]).toBe('部分接受 Partially accepted\n部分内容已纳入5.3。');
    expect(records[5]![2]).toContain('Withdrawn by its author');
    expect(records[5]![2]).not.toContain('null');
  });
});

describe('XLSX export', () => {
  let sheet: ExcelJS.Worksheet;
  beforeAll(async () => {
    const buffer = await matrixToXlsx(view, ctx);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    sheet = workbook.getWorksheet('Comments matrix')!;
    expect(sheet).toBeDefined();
  });

  const text = (row: number, col: number) => String(sheet.getRow(row).getCell(col).value ?? '');

  it('has the title, then a bold, frozen header row', () => {
    expect(text(1, 1)).toBe(
      '澜沧江-湄公河环境合作战略框架 Lancang-Mekong Environmental Cooperation Strategic Framework — 意见汇总 Comments Matrix',
    );
    expect(text(2, 1)).toContain('2026-11-25 09:30 UTC');
    expect(text(2, 1)).toContain('All stakeholders');
    expect([1, 2, 3, 4].map((c) => text(3, c))).toEqual([...MATRIX_EXPORT_HEADERS]);
    expect(sheet.getRow(3).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });

  it('holds every row with its Chinese text intact', () => {
    expect(sheet.rowCount).toBe(3 + 6);
    expect(text(4, 1)).toBe('柬埔寨 Cambodia');
    expect(text(4, 3)).toBe('无意见 No comments');
    expect(text(5, 1)).toBe('老挝 Lao PDR');
    expect(text(5, 3)).toContain(TRICKY_COMMENT);
    expect(text(6, 2)).toContain(
      '2.1.1 · 2.1 生态系统管理与生物多样性保护 Ecosystem Management and Biodiversity Conservation',
    );
    expect(text(6, 3)).toContain('建议增加生物多样性产品（BBP）项目的实施');
    expect(text(6, 4)).toContain('部分接受 Partially accepted');
    expect(text(9, 1)).toBe('缅甸 Myanmar');
  });

  it('stores comments as text, never as formulas, and wraps them', () => {
    const cell = sheet.getRow(7).getCell(3);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(String(cell.value)).toContain(FORMULA_COMMENT);
    expect(cell.alignment?.wrapText).toBe(true);
    expect(sheet.getColumn(3).width).toBeGreaterThan(sheet.getColumn(1).width!);
  });
});

describe('DOCX export', () => {
  let raw: string;
  let buffer: Buffer;
  beforeAll(async () => {
    buffer = await matrixToDocx(view, ctx);
    raw = (await mammoth.extractRawText({ buffer })).value;
  });

  it('has the title and the header row', () => {
    expect(raw).toContain('澜沧江-湄公河环境合作战略框架 Lancang-Mekong Environmental Cooperation Strategic Framework');
    for (const header of MATRIX_EXPORT_HEADERS) expect(raw).toContain(header);
  });

  it("holds each row's texts, in order", () => {
    const expected = [
      '柬埔寨 Cambodia',
      '无意见 No comments',
      '老挝 Lao PDR',
      '1.1 · 1 合作原则 Cooperative Principles',
      'Use "ABS", not "sharing",',
      'as agreed in Vientiane',
      PROPOSAL_TEXT,
      '已采纳该措辞。',
      'Wording adopted.',
      '已纳入文本 Applied to the text',
      '“丰富而脆弱的生态环境” (passage deleted)',
      '建议增加生物多样性产品（BBP）项目的实施',
      '部分接受 Partially accepted',
      FORMULA_COMMENT,
      '已由提出者撤回 Withdrawn by its author',
      '缅甸 Myanmar',
      '审阅中 Reviewing',
    ];
    let from = 0;
    for (const text of expected) {
      const at = raw.indexOf(text, from);
      expect(at, `${text} after offset ${from}`).toBeGreaterThanOrEqual(0);
      from = at + text.length;
    }
    // The stakeholder spans its rows: named once, not once per row.
    expect(raw.split('老挝 Lao PDR').length - 1).toBe(1);
  });

  it('lays the page out landscape, repeating the header row', () => {
    const xml = unzipEntry(buffer, 'word/document.xml');
    expect(xml).toMatch(/<w:pgSz [^>]*w:w="16838"[^>]*w:h="11906"[^>]*w:orient="landscape"/);
    expect(xml).toContain('<w:tblHeader/>');
  });
});

describe('exportFileName', () => {
  it('names the file after the generation date', () => {
    expect(exportFileName(ctx, 'xlsx')).toBe('comments-matrix-2026-11-25.xlsx');
    expect(exportFileName(ctx, 'csv')).toBe('comments-matrix-2026-11-25.csv');
  });
});
