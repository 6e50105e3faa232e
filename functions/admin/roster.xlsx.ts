/**
 * A roster table that arrives as an Excel workbook (.xlsx — a town's roster usually does):
 * its first sheet is read with exceljs and turned into CSV text, one line per sheet row, so
 * it takes the CSV path of the import and every refused row is named by the row number the
 * admin sees in Excel ("人员表第5行"). Cell line breaks become spaces to keep that numbering.
 */
import type ExcelJS from 'exceljs';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';

/** Base64 of an .xlsx of at most ~3 MB. */
export const MAX_XLSX_BASE64_CHARS = 4_000_000;

/** What a cell shows, as text: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

function csvCell(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  return /[",]/.test(flat) ? `"${flat.replace(/"/g, '""')}"` : flat;
}

/** The first sheet of an .xlsx (base64) as CSV text, or a refusal naming the table. */
export async function xlsxAsCsv(
  base64: string,
  field: string,
  label: string,
): Promise<Result<string>> {
  const refuse = (message: string) =>
    err(appError('VALIDATION_FAILED', `${label}：${message}`, { fields: [{ field, message }] }));
  // Loaded on first use, so the function's other actions do not evaluate the library at start.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  } catch {
    return refuse('读不出这个 Excel 文件，请另存为 .xlsx 格式后再传');
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined || sheet.rowCount === 0) return refuse('Excel 文件里没有内容');
  const width = sheet.columnCount;
  const lines: string[] = [];
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c += 1) cells.push(csvCell(cellText(row.getCell(c).value).trim()));
    lines.push(cells.join(','));
  }
  return ok(`${lines.join('\n')}\n`);
}
