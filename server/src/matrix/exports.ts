import {
  type LocalizedText,
  type MatrixGroup,
  type MatrixRow,
  type MatrixView,
  PROPOSAL_ACTION_LABELS,
  RESPONSE_STATUS_LABELS,
  REVIEW_STATUS_LABELS,
  THREAD_KIND_LABELS,
  VOTE_CHOICE_LABELS,
  VOTE_OUTCOME_LABELS,
  VOTE_RULE_LABELS,
} from '@accord/shared';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';

/**
 * The comments matrix as files to circulate: CSV, Excel and Word, laid out as the 2017 matrix
 * (Stakeholder | Targeted part | Comment | Response). Labels are in both working languages; the
 * comments themselves stay as their authors wrote them.
 */

export interface MatrixExportContext {
  consultationTitle: LocalizedText;
  generatedAt: Date;
  /** What the filters left in, e.g. "Lao PDR · Priority Areas"; absent for the whole matrix. */
  filtersDescription?: string;
}

export type MatrixExportFormat = 'csv' | 'xlsx' | 'docx';

export const MATRIX_EXPORT_CONTENT_TYPES: Record<MatrixExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The 2017 matrix's own column headings. */
export const MATRIX_EXPORT_HEADERS = [
  '国家/组织 Stakeholders',
  '针对条目 Targeted Parts',
  '具体意见 Comments',
  '回应 Response',
] as const;

const MATRIX_HEADING: LocalizedText = { en: 'Comments Matrix', zh: '意见汇总' };
const NO_STAKEHOLDER: LocalizedText = { en: 'No stakeholder', zh: '无所属国家/组织' };
const CLAUSE_GONE: LocalizedText = { en: 'clause removed', zh: '条目已删除' };
const PASSAGE_DELETED = '(passage deleted) （原文已删除）';
const WITHDRAWN: LocalizedText = { en: 'Withdrawn by its author', zh: '已由提出者撤回' };
const HIDDEN: LocalizedText = { en: 'Hidden by the secretariat', zh: '已由秘书处隐藏' };
const PROPOSED_WORDING: LocalizedText = { en: 'Proposed wording', zh: '建议措辞' };
const APPLIED: LocalizedText = { en: 'Applied to the text', zh: '已纳入文本' };
const DUPLICATE: LocalizedText = { en: 'Marked as a duplicate', zh: '已标记为重复意见' };
const VOTE: LocalizedText = { en: 'Vote of the member states', zh: '成员国表决' };
const VOTE_OPEN: LocalizedText = { en: 'open', zh: '进行中' };
const GENERATED: LocalizedText = { en: 'Generated', zh: '生成于' };

/** "老挝 Lao PDR": Chinese then English, as the 2017 matrix writes them; one when both agree. */
function bilingual(text: LocalizedText): string {
  const zh = text.zh.trim();
  const en = text.en.trim();
  if (!zh || zh === en) return en;
  return en ? `${zh} ${en}` : zh;
}

const quoted = (text: string) => `“${text}”`;

/** One matrix row as four texts; lines within a cell are separated by "\n". */
export interface MatrixExportRow {
  stakeholder: string;
  targetedPart: string;
  comment: string;
  response: string;
}

function stakeholderCell(group: MatrixGroup): string {
  return bilingual(group.stakeholder?.name ?? NO_STAKEHOLDER);
}

function targetedPartCell(row: MatrixRow): string {
  const lines = [
    row.clauseNumber
      ? `${row.clauseNumber} · ${row.sectionNumber} ${bilingual(row.sectionTitle)}`
      : `(${bilingual(CLAUSE_GONE)})`,
  ];
  if (row.passage) lines.push(quoted(row.passage.quote) + (row.passage.detached ? ` ${PASSAGE_DELETED}` : ''));
  return lines.join('\n');
}

function proposalLine(row: MatrixRow): string | null {
  if (!row.proposal) return null;
  const { action, text } = row.proposal;
  const label = PROPOSAL_ACTION_LABELS[action];
  // `insert` puts its text after the passage, or at the end of the clause when there is none.
  const target = row.passage ? ` ${action === 'insert' ? 'after ' : ''}${quoted(row.passage.quote)}` : '';
  const head = `${bilingual(PROPOSED_WORDING)} (${label.zh} ${label.en.toLowerCase()}${target})`;
  return action === 'delete' ? head : `${head}: ${text}`;
}

function commentCell(row: MatrixRow): string {
  const lines: string[] = [];
  if (row.commentState === 'withdrawn') lines.push(`(${bilingual(WITHDRAWN)})`);
  else if (row.commentState === 'hidden') lines.push(`(${bilingual(HIDDEN)})`);
  else {
    const prefix = row.kind === 'question' ? `${bilingual(THREAD_KIND_LABELS.question)}: ` : '';
    lines.push(prefix + (row.comment ?? ''));
  }
  // A withdrawn or hidden comment's wording goes with it.
  const proposal = row.commentState === 'visible' ? proposalLine(row) : null;
  if (proposal) lines.push(proposal);
  lines.push(`— ${row.authorName}`);
  if (row.replyCount > 0)
    lines.push(`${row.replyCount} 条回复 ${row.replyCount === 1 ? '1 reply' : `${row.replyCount} replies`}`);
  if (row.duplicateOf) lines.push(`(${bilingual(DUPLICATE)})`);
  return lines.join('\n');
}

function responseCell(row: MatrixRow): string {
  const lines: string[] = [];
  if (row.response) {
    lines.push(bilingual(RESPONSE_STATUS_LABELS[row.response.status]));
    const { zh, en } = row.response.explanation;
    if (zh.trim()) lines.push(zh.trim());
    if (en.trim() && en.trim() !== zh.trim()) lines.push(en.trim());
  }
  if (row.applied) lines.push(`✓ ${bilingual(APPLIED)}`);
  const vote = voteLine(row);
  if (vote) lines.push(vote);
  return lines.join('\n');
}

/** "成员国表决 Vote of the member states (协商一致 Consensus): 通过 Adopted — 5 赞成 Agree, 0 …". */
function voteLine(row: MatrixRow): string | null {
  const { vote } = row;
  if (!vote) return null;
  const { tally } = vote.result;
  const counts = (['agree', 'object', 'abstain'] as const)
    .map((choice) => `${tally[choice]} ${bilingual(VOTE_CHOICE_LABELS[choice])}`)
    .join(', ');
  const head = `${bilingual(VOTE)} (${bilingual(VOTE_RULE_LABELS[vote.rule.kind])})`;
  if (vote.state === 'open') return `${head}: ${bilingual(VOTE_OPEN)} — ${counts}`;
  return `${head}: ${bilingual(VOTE_OUTCOME_LABELS[vote.result.outcome])} — ${counts}`;
}

/** The matrix's rows as texts; a stakeholder with no rows gets one row giving its review status. */
export function matrixExportRows(view: MatrixView): { group: MatrixGroup; rows: MatrixExportRow[] }[] {
  return view.groups.map((group) => {
    const stakeholder = stakeholderCell(group);
    if (group.rows.length === 0) {
      const status = group.reviewStatus ? bilingual(REVIEW_STATUS_LABELS[group.reviewStatus]) : '';
      return { group, rows: [{ stakeholder, targetedPart: '', comment: status, response: '' }] };
    }
    return {
      group,
      rows: group.rows.map((row) => ({
        stakeholder,
        targetedPart: targetedPartCell(row),
        comment: commentCell(row),
        response: responseCell(row),
      })),
    };
  });
}

const cells = (row: MatrixExportRow) => [row.stakeholder, row.targetedPart, row.comment, row.response];

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const isoMinute = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function titleLines(ctx: MatrixExportContext): { title: string; subtitle: string } {
  const parts = [`${bilingual(GENERATED)} ${isoMinute(ctx.generatedAt)}`];
  if (ctx.filtersDescription) parts.push(ctx.filtersDescription);
  return {
    title: `${bilingual(ctx.consultationTitle)} — ${bilingual(MATRIX_HEADING)}`,
    subtitle: parts.join(' · '),
  };
}

/** e.g. `comments-matrix-2026-11-25.xlsx` (the UTC date it was generated). */
export function exportFileName(ctx: Pick<MatrixExportContext, 'generatedAt'>, ext: MatrixExportFormat): string {
  return `comments-matrix-${isoDate(ctx.generatedAt)}.${ext}`;
}

// A spreadsheet would run a cell starting with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * RFC 4180 CSV (CRLF between records) with a BOM so Excel reads the Chinese as UTF-8. Only the
 * header and the rows, so it opens as a plain table; the title lives in the XLSX and DOCX.
 */
export function matrixToCsv(view: MatrixView, _ctx: MatrixExportContext): string {
  const records = [[...MATRIX_EXPORT_HEADERS], ...matrixExportRows(view).flatMap((g) => g.rows.map(cells))];
  return `\uFEFF${records.map((record) => record.map(csvField).join(',')).join('\r\n')}\r\n`;
}

const COLUMN_WIDTHS = [24, 40, 70, 45];

export async function matrixToXlsx(view: MatrixView, ctx: MatrixExportContext): Promise<Buffer> {
  // exceljs takes ~200 ms to load: only when someone downloads a spreadsheet, not at every start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Accord';
  workbook.created = ctx.generatedAt;
  const sheet = workbook.addWorksheet('Comments matrix', {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = COLUMN_WIDTHS.map((width) => ({ width }));

  const { title, subtitle } = titleLines(ctx);
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow([subtitle]).font = { italic: true, color: { argb: 'FF555555' } };
  sheet.mergeCells('A1:D1');
  sheet.mergeCells('A2:D2');

  const header = sheet.addRow([...MATRIX_EXPORT_HEADERS]);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  sheet.autoFilter = 'A3:D3';
  sheet.pageSetup.printTitlesRow = '3:3';

  // The stakeholder is repeated on each row rather than merged, so sorting and filtering work.
  for (const { rows } of matrixExportRows(view)) {
    for (const row of rows) sheet.addRow(cells(row));
  }
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber < 3) return;
    row.alignment = { wrapText: true, vertical: 'top' };
  });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const TABLE_FONT_SIZE = 18; // half-points: 9 pt
const COLUMN_SHARES = [14, 24, 36, 26]; // percent of the table width

function docxCell(text: string, opts: { bold?: boolean; shade?: boolean; rowSpan?: number } = {}): TableCell {
  return new TableCell({
    children: text
      .split('\n')
      .map(
        (line) => new Paragraph({ children: [new TextRun({ text: line, bold: opts.bold, size: TABLE_FONT_SIZE })] }),
      ),
    rowSpan: opts.rowSpan,
    verticalAlign: VerticalAlignTable.TOP,
    margins: { top: 60, bottom: 60, left: 80, right: 80 },
    shading: opts.shade ? { type: ShadingType.CLEAR, fill: 'D9E2F3', color: 'auto' } : undefined,
  });
}

export async function matrixToDocx(view: MatrixView, ctx: MatrixExportContext): Promise<Buffer> {
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: MATRIX_EXPORT_HEADERS.map((h) => docxCell(h, { bold: true, shade: true })),
  });
  const body: TableRow[] = [];
  for (const { rows } of matrixExportRows(view)) {
    rows.forEach((row, i) => {
      // The stakeholder's name spans its rows, as in the 2017 matrix.
      const first = i === 0 ? [docxCell(row.stakeholder, { bold: true, rowSpan: rows.length })] : [];
      body.push(
        new TableRow({
          children: [...first, docxCell(row.targetedPart), docxCell(row.comment), docxCell(row.response)],
        }),
      );
    });
  }

  const { title, subtitle } = titleLines(ctx);
  const document = new Document({
    creator: 'Accord',
    title,
    styles: { default: { document: { run: { font: { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: 'SimSun' } } } } },
    sections: [
      {
        properties: {
          // A4, given portrait: docx swaps width and height for landscape.
          page: {
            size: { width: 11906, height: 16838, orientation: PageOrientation.LANDSCAPE },
            margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 },
          },
        },
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER, text: title }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 200 },
            children: [new TextRun({ text: subtitle, italics: true, size: TABLE_FONT_SIZE })],
          }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            columnWidths: COLUMN_SHARES.map((share) => Math.round(((16838 - 2000) * share) / 100)),
            rows: [header, ...body],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
