import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { invalidField } from '../errors.ts';
import { csvOf, workbookOf, type Table } from '../services/statistics-export.ts';

// The two ways a page's tables leave Kvarbo: the whole workbook, or one table as CSV (`table` = its index). Never
// cached: they hold figures about persons.

export async function sendWorkbook(reply: FastifyReply, fileName: string, tables: Table[]) {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${fileName}.xlsx"`)
    .header('cache-control', 'no-store')
    .send(await workbookOf(tables));
}

export function sendCsvTable(reply: FastifyReply, fileName: string, tables: Table[], index: number) {
  const table = tables[index];
  if (!table) {
    throw invalidField('table', 'out_of_range', {
      sv: `Det finns ${tables.length} tabeller (0–${tables.length - 1}).`,
      en: `There are ${tables.length} tables (0–${tables.length - 1}).`,
    });
  }
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}.csv"`)
    .header('cache-control', 'no-store')
    .send(csvOf(table));
}

/**
 * A log exported as CSV, streamed line by line (`fileName` without the date and `.csv`). The first chunk is pulled
 * before answering, so a refusal (thrown by the generator's first step) is still a proper JSON error.
 */
export async function sendCsvLines(reply: FastifyReply, fileName: string, lines: AsyncGenerator<string>) {
  const first = await lines.next();
  async function* rest() {
    if (!first.done) yield first.value;
    yield* lines;
  }
  const date = new Date().toISOString().slice(0, 10);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}-${date}.csv"`)
    .send(Readable.from(rest()));
}
