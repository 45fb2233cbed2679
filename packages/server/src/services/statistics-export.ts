import type ExcelJS from 'exceljs';

// Tables as an Excel workbook, one sheet per table: real numbers, dates and percentages (not text), a header row,
// so a unit can keep working in Excel with figures Kvarbo computed.

export type Column = { header: string; key: string; kind: 'text' | 'month' | 'count' | 'share' | 'number' };
/** `note` states the table's definitions, period and counts; the workbook gathers them on a last sheet. */
export type Table = { sheet: string; columns: Column[]; rows: Record<string, unknown>[]; note?: string };

export async function workbookOf(tables: Table[]): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Kvarbo';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.sheet.slice(0, 31));
    sheet.columns = table.columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(12, c.header.length + 2) }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of table.rows) {
      const values: Record<string, ExcelJS.CellValue> = {};
      for (const c of table.columns) values[c.key] = cellValue(row[c.key], c.kind);
      const added = sheet.addRow(values);
      table.columns.forEach((c, i) => {
        const cell = added.getCell(i + 1);
        if (c.kind === 'month' && cell.value instanceof Date) cell.numFmt = 'yyyy-mm';
        if (c.kind === 'share' && typeof cell.value === 'number') cell.numFmt = '0.0%';
      });
    }
  }
  // Definitions on a sheet of their own, so every table sheet starts with its header row and stays sortable.
  const notes = tables.filter((t) => t.note);
  if (notes.length > 0) {
    const sheet = workbook.addWorksheet('Definitioner');
    sheet.columns = [
      { header: 'Tabell', key: 'sheet', width: 32 },
      { header: 'Definition', key: 'note', width: 120 },
    ];
    sheet.getRow(1).font = { bold: true };
    for (const t of notes) sheet.addRow({ sheet: t.sheet.slice(0, 31), note: t.note }).getCell(2).alignment = { wrapText: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function cellValue(v: unknown, kind: Column['kind']): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  // A month is a real date (its first day) so Excel can sort and chart it.
  if (kind === 'month' && typeof v === 'string' && /^\d{4}-\d{2}$/.test(v)) return new Date(`${v}-01T00:00:00Z`);
  if (typeof v === 'number') return v;
  return String(v);
}

/** CSV for Swedish Excel: UTF-8 with BOM, semicolons, decimal comma for fractions. */
export function csvOf(table: Table): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : String(v).replace('.', ',')) : neutralised(String(v));
    return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [
    table.columns.map((c) => cell(c.header)).join(';'),
    ...table.rows.map((r) => table.columns.map((c) => cell(r[c.key])).join(';')),
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** A text cell starting like a formula (a name typed as "=…") is prefixed so spreadsheet programs show it as text. */
function neutralised(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
