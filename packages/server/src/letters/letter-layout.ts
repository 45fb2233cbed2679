// Shared layout for Kvarbo's printed letters: A4 pages, Helvetica, Swedish dates and months, and the few
// building blocks the letters use (letterhead, window-envelope address block, headings, paragraphs, a boxed
// payment block, tables, signature lines, running headers and page numbers).
//
// Rendering is pure: the caller passes all data, nothing is read from a database or the clock. The same
// input gives byte-identical output: the document's CreationDate (which pdfkit also hashes into the file
// /ID) is taken from the letter's own date, and nothing else in pdfkit's output depends on time or chance.
//
// Fonts: pdfkit's built-in standard fonts (Helvetica family) are not embedded and are written in
// WinAnsiEncoding (Windows-1252). That covers Swedish (å ä ö é ü) and most Western European letters, but not
// e.g. Polish ł, Turkish ş or Cyrillic, and pdfkit writes such characters as malformed hex (no error). Every
// string therefore goes through toWinAnsi() before it reaches pdfkit: accents that WinAnsi lacks are dropped
// (ş → s, ć → c), a few letters get a plain equivalent (ł → l, đ → d), anything else becomes "?".

import PDFDocument from 'pdfkit';
import { isCalendarDate, isCalendarMonth } from '@kvarbo/domain';

export type Doc = PDFKit.PDFDocument;

export interface RenderOptions {
  /** Deflate the page contents (default true). Tests turn it off to read the text. */
  compress?: boolean;
}

/** The unit (enhet) that sends a letter. */
export interface LetterUnit {
  name: string;
  /** Free text lines printed under the unit's name, e.g. postal address and phone. */
  letterhead: string | null;
  /** The unit's bankgiro number as it should be printed, e.g. "123-4567". */
  bankgiro: string | null;
}

export interface PostalAddress {
  address: string;
  postcode: string;
  city: string;
}

// ---------------------------------------------------------------------------------------------------------
// Page geometry (points; 1 mm = 72 / 25.4 pt)

export const MM = 72 / 25.4;
/** A4 portrait, 210 × 297 mm. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN = { top: 25 * MM, bottom: 22 * MM, left: 25 * MM, right: 20 * MM } as const;
export const CONTENT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right;
/** Right-hand column: date block, and the address field that shows through a right-hand (H2) window
 *  envelope. Window envelopes have their window about 40–45 mm from the top. */
export const RIGHT_COLUMN_X = 110 * MM;
export const RIGHT_COLUMN_WIDTH = PAGE_WIDTH - MARGIN.right - RIGHT_COLUMN_X;
export const ADDRESS_TOP = 45 * MM;
/** Where the letter text starts on a first page, below the address field. */
export const BODY_TOP = 88 * MM;

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;
export const SIZE = { body: 10.5, small: 8.5, address: 11, heading: 15, subheading: 11.5 } as const;
const LINE_GAP = 2;
const TEXT_COLOR = '#000000';
const MUTED_COLOR = '#444444';
const RULE_COLOR = '#777777';
const BOX_FILL = '#f0f0f0';

// ---------------------------------------------------------------------------------------------------------
// Text encoding

// The characters above U+00FF that WinAnsiEncoding has (pdfkit maps these to bytes 0x80–0x9F).
const WIN_ANSI_EXTRA = new Set(
  '\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178',
);
// Letters that do not decompose into a base letter plus accent, and a few typographic characters.
const PLAIN_EQUIVALENT: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
  ŋ: 'n',
  Ŋ: 'N',
  ə: 'e',
  Ə: 'E',
  ſ: 's',
  '\u2212': '-', // minus sign (formatKronor writes negative amounts with it)
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '\u2013',
  '\u2015': '\u2014',
  '\u00ad': '', // soft hyphen
  '\u2007': '\u00a0', // figure space
  '\u202f': '\u00a0', // narrow no-break space
  '\u2009': ' ',
  '\u200a': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u200b': '',
  '\u200e': '',
  '\u200f': '',
  '\u2032': "'",
  '\u2033': '"',
};

function isWinAnsi(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}

/** Text that pdfkit's standard fonts can write: NFC, WinAnsi characters only, no control characters (line
 *  breaks and tabs become spaces; split lines yourself before calling). */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (isWinAnsi(ch)) {
      out += ch;
      continue;
    }
    const plain = PLAIN_EQUIVALENT[ch];
    if (plain !== undefined) {
      out += plain;
      continue;
    }
    if (/[\t\n\r\v\f\u2028\u2029\u0085]/.test(ch)) {
      out += ' ';
      continue;
    }
    // Drop the accents WinAnsi lacks: ş → s, ć → c, ő → o.
    const base = [...ch.normalize('NFD')].filter((c) => !/\p{M}/u.test(c)).join('');
    if (base !== ch && base.length > 0 && [...base].every(isWinAnsi)) out += base;
    else if (/\p{C}/u.test(ch)) continue;
    else out += '?';
  }
  return out;
}

/** Free text (letterhead, addresses, notes) as trimmed non-empty lines. */
export function textLines(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

// ---------------------------------------------------------------------------------------------------------
// Swedish dates and months

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

export function assertMonth(month: string, what: string): void {
  if (!isCalendarMonth(month)) throw new RangeError(`${what} must be a month YYYY-MM, got "${month}"`);
}

export function assertDate(date: string, what: string): void {
  if (!isCalendarDate(date)) throw new RangeError(`${what} must be a date YYYY-MM-DD, got "${date}"`);
}

export function assertOre(ore: number, what: string, opts: { positive?: boolean } = {}): void {
  if (!Number.isSafeInteger(ore) || (opts.positive ? ore <= 0 : ore < 0)) {
    throw new RangeError(`${what} must be a whole number of öre${opts.positive ? ' above 0' : ''}, got ${ore}`);
  }
}

/** '2026-12' → 'december 2026'. */
export function swedishMonth(month: string): string {
  assertMonth(month, 'month');
  return `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** '2026-11-30' → '30 november 2026', with a no-break space after the day so that "30" never ends a line. */
export function swedishDate(date: string): string {
  assertDate(date, 'date');
  return `${Number(date.slice(8, 10))}\u00a0${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** '12345' → '123 45' (Swedish postcodes are written with a space); anything else is left as given. */
export function formatPostcode(postcode: string): string {
  const digits = postcode.replace(/\s/g, '');
  return /^\d{5}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3)}` : postcode.trim();
}

export function postalLines(a: PostalAddress): string[] {
  return [...textLines(a.address), `${formatPostcode(a.postcode)} ${a.city.trim()}`.trim()].filter((l) => l);
}

// ---------------------------------------------------------------------------------------------------------
// Document

export interface LetterMeta {
  /** Document title; never personal data (the metadata is visible in every viewer and file index). */
  title: string;
  /** The sending unit's name. */
  author: string;
  /** The letter date (YYYY-MM-DD): also the PDF's CreationDate, so output is reproducible. */
  date: string;
}

/** Creates an A4 document, lets `draw` fill it synchronously, and resolves with the finished file. */
export function renderPdf(meta: LetterMeta, options: RenderOptions, draw: (doc: Doc) => void): Promise<Buffer> {
  assertDate(meta.date, 'letter date');
  const [y, m, d] = meta.date.split('-').map(Number) as [number, number, number];
  const doc = new PDFDocument({
    size: 'A4',
    margins: { ...MARGIN },
    compress: options.compress ?? true,
    bufferPages: true,
    autoFirstPage: false,
    lang: 'sv-SE',
    displayTitle: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      Creator: 'Kvarbo',
      Producer: 'Kvarbo (PDFKit)',
      CreationDate: new Date(Date.UTC(y, m - 1, d)),
    },
  });
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

export function newPage(doc: Doc): void {
  doc.addPage({ size: 'A4', margins: { ...MARGIN } });
  doc.font(FONT.regular).fontSize(SIZE.body).fillColor(TEXT_COLOR);
  doc.x = MARGIN.left;
}

/** Bottom of the writable area of the current page. */
function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `height` points fit below the current position. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) {
    newPage(doc);
    doc.y = MARGIN.top;
  }
}

/** Writes one line at an absolute position without moving the text cursor or breaking pages. */
export function writeAt(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  opts: { font?: string; size?: number; width?: number; align?: 'left' | 'right' | 'center'; color?: string } = {},
): void {
  const { x: keepX, y: keepY } = doc;
  const keepBottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0; // writing in the footer must not start a new page
  doc
    .font(opts.font ?? FONT.regular)
    .fontSize(opts.size ?? SIZE.body)
    .fillColor(opts.color ?? TEXT_COLOR);
  let line = toWinAnsi(text);
  if (opts.width !== undefined) line = fitLine(doc, line, opts.width);
  doc.text(line, x, y, { lineBreak: false, width: opts.width, align: opts.align ?? 'left' });
  doc.page.margins.bottom = keepBottom;
  doc.x = keepX;
  doc.y = keepY;
  doc.fillColor(TEXT_COLOR);
}

/** `text` shortened with "…" so that it fits `width` in the current font. */
export function fitLine(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let s = text;
  while (s.length > 0 && doc.widthOfString(`${s}\u2026`) > width) s = s.slice(0, -1);
  return `${s.trimEnd()}\u2026`;
}

/** Unit name and letterhead lines, top left of the first page. */
export function drawLetterhead(doc: Doc, unit: LetterUnit): void {
  const width = RIGHT_COLUMN_X - MARGIN.left - 8 * MM;
  let y = 15 * MM;
  writeAt(doc, unit.name, MARGIN.left, y, { font: FONT.bold, size: 12, width });
  y += 16;
  for (const line of textLines(unit.letterhead).slice(0, 5)) {
    writeAt(doc, line, MARGIN.left, y, { size: SIZE.small + 0.5, width, color: MUTED_COLOR });
    y += 11.5;
  }
}

/** Small label/value lines top right (date, reference), starting 15 mm from the top. */
export function drawDateBlock(doc: Doc, rows: { label: string; value: string }[], top = 15 * MM): number {
  let y = top;
  for (const row of rows) {
    writeAt(doc, row.label, RIGHT_COLUMN_X, y, { size: SIZE.small, color: MUTED_COLOR, width: RIGHT_COLUMN_WIDTH });
    writeAt(doc, row.value, RIGHT_COLUMN_X, y + 10, { size: SIZE.body, width: RIGHT_COLUMN_WIDTH });
    y += 26;
  }
  return y;
}

/** The recipient's address where a right-hand window envelope shows it (45 mm from the top). At most six
 *  lines; each is shortened to fit rather than wrapped, so the block never leaves the window. */
export function drawAddressBlock(doc: Doc, lines: string[]): void {
  let y = ADDRESS_TOP;
  for (const line of lines.slice(0, 6)) {
    writeAt(doc, line, RIGHT_COLUMN_X, y, { size: SIZE.address, width: RIGHT_COLUMN_WIDTH });
    y += SIZE.address + 3;
  }
}

/** Letter heading at the cursor. */
export function heading(doc: Doc, text: string): void {
  ensureSpace(doc, 60);
  doc
    .font(FONT.bold)
    .fontSize(SIZE.heading)
    .fillColor(TEXT_COLOR)
    .text(toWinAnsi(text), MARGIN.left, doc.y, { width: CONTENT_WIDTH, lineGap: LINE_GAP });
  doc.moveDown(0.6);
}

/** Section heading at the cursor, kept together with at least a few lines of what follows. */
export function subheading(doc: Doc, text: string): void {
  ensureSpace(doc, 70);
  doc.moveDown(0.3);
  doc
    .font(FONT.bold)
    .fontSize(SIZE.subheading)
    .fillColor(TEXT_COLOR)
    .text(toWinAnsi(text), MARGIN.left, doc.y, { width: CONTENT_WIDTH, lineGap: LINE_GAP });
  doc.moveDown(0.25);
}

/** A run of text in a paragraph; `bold` runs stand out (amounts, dates, numbers). */
export type Run = string | { text: string; bold?: boolean };

/** A paragraph at the cursor, wrapped to the content width, followed by a half-line gap. */
export function paragraph(
  doc: Doc,
  runs: Run | Run[],
  opts: { size?: number; gapAfter?: number; indent?: number; color?: string } = {},
): void {
  const list = (Array.isArray(runs) ? runs : [runs]).map((r) => (typeof r === 'string' ? { text: r } : r));
  const x = MARGIN.left + (opts.indent ?? 0);
  const width = CONTENT_WIDTH - (opts.indent ?? 0);
  doc.fontSize(opts.size ?? SIZE.body).fillColor(opts.color ?? TEXT_COLOR);
  list.forEach((run, i) => {
    doc.font(run.bold ? FONT.bold : FONT.regular);
    const textOpts = { width, lineGap: LINE_GAP, continued: i < list.length - 1 };
    if (i === 0) doc.text(toWinAnsi(run.text), x, doc.y, textOpts);
    else doc.text(toWinAnsi(run.text), textOpts);
  });
  doc.fillColor(TEXT_COLOR);
  doc.x = MARGIN.left;
  doc.moveDown(opts.gapAfter ?? 0.5);
}

/** A bulleted paragraph. */
export function bullet(doc: Doc, runs: Run | Run[]): void {
  doc.font(FONT.regular).fontSize(SIZE.body);
  ensureSpace(doc, doc.currentLineHeight(true) * 2);
  writeAt(doc, '\u2022', MARGIN.left + 4, doc.y);
  paragraph(doc, runs, { indent: 16, gapAfter: 0.25 });
}

/** A framed, shaded block, e.g. how to pay: a bold first line, then label/value rows. */
export function infoBox(doc: Doc, title: string, rows: { label: string; value: string; bold?: boolean }[]): void {
  const pad = 10;
  const labelWidth = 42 * MM;
  const innerWidth = CONTENT_WIDTH - 2 * pad;
  doc.font(FONT.bold).fontSize(SIZE.subheading);
  const titleHeight = doc.heightOfString(toWinAnsi(title), { width: innerWidth, lineGap: LINE_GAP });
  doc.font(FONT.regular).fontSize(SIZE.body);
  const rowHeights = rows.map((r) => {
    doc.font(r.bold ? FONT.bold : FONT.regular);
    return Math.max(
      doc.heightOfString(toWinAnsi(r.value), { width: innerWidth - labelWidth, lineGap: LINE_GAP }),
      doc.currentLineHeight(true),
    );
  });
  const height = pad + titleHeight + (rows.length > 0 ? 6 : 0) + rowHeights.reduce((a, b) => a + b + 2, 0) + pad - 2;
  ensureSpace(doc, height + 10);
  const top = doc.y;
  doc.lineWidth(1.2).rect(MARGIN.left, top, CONTENT_WIDTH, height).fillAndStroke(BOX_FILL, TEXT_COLOR);
  doc.fillColor(TEXT_COLOR);
  doc
    .font(FONT.bold)
    .fontSize(SIZE.subheading)
    .text(toWinAnsi(title), MARGIN.left + pad, top + pad, { width: innerWidth, lineGap: LINE_GAP });
  let y = top + pad + titleHeight + (rows.length > 0 ? 6 : 0);
  rows.forEach((r, i) => {
    doc
      .font(FONT.regular)
      .fontSize(SIZE.body)
      .text(toWinAnsi(r.label), MARGIN.left + pad, y, { width: labelWidth - 6, lineBreak: false });
    doc
      .font(r.bold ? FONT.bold : FONT.regular)
      .text(toWinAnsi(r.value), MARGIN.left + pad + labelWidth, y, { width: innerWidth - labelWidth, lineGap: LINE_GAP });
    y += (rowHeights[i] ?? 0) + 2;
  });
  doc.x = MARGIN.left;
  doc.y = top + height;
  doc.moveDown(0.8);
}

/** Label/value lines (e.g. name, personal number, address); values wrap in their own column. */
export function keyValues(doc: Doc, rows: { label: string; value: string }[], labelWidth = 45 * MM): void {
  doc.font(FONT.regular).fontSize(SIZE.body);
  for (const row of rows) {
    const value = toWinAnsi(row.value);
    const h = Math.max(doc.heightOfString(value, { width: CONTENT_WIDTH - labelWidth, lineGap: LINE_GAP }), doc.currentLineHeight(true));
    ensureSpace(doc, h);
    const y = doc.y;
    doc
      .font(FONT.regular)
      .fillColor(MUTED_COLOR)
      .text(toWinAnsi(row.label), MARGIN.left, y, { width: labelWidth - 6, lineBreak: false });
    doc.fillColor(TEXT_COLOR).text(value, MARGIN.left + labelWidth, y, { width: CONTENT_WIDTH - labelWidth, lineGap: LINE_GAP });
    doc.y = y + h + 1;
  }
  doc.x = MARGIN.left;
  doc.moveDown(0.4);
}

export interface Column {
  header: string;
  /** Share of the table width (the widths are scaled to fill it). */
  width: number;
  align?: 'left' | 'right';
}

/** A simple ruled table at the cursor. Rows move to a new page whole, and the header row is repeated there.
 *  `footer` (e.g. a total) is set in bold above a double rule. */
export function table(doc: Doc, columns: Column[], rows: string[][], opts: { footer?: string[] } = {}): void {
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * CONTENT_WIDTH);
  const padX = 5;
  const padY = 2.5;
  const measureRow = (cells: string[], font: string, ruleAbove: 'none' | 'single' | 'double') => {
    doc.font(font).fontSize(SIZE.body);
    const texts = cells.map(toWinAnsi);
    const height =
      Math.max(
        ...texts.map((t, i) => doc.heightOfString(t, { width: (widths[i] ?? 0) - 2 * padX, lineGap: LINE_GAP })),
        doc.currentLineHeight(true),
      ) +
      2 * padY;
    return { texts, height, font, ruleAbove };
  };
  const render = (row: ReturnType<typeof measureRow>) => {
    const top = doc.y;
    if (row.ruleAbove !== 'none') {
      doc
        .lineWidth(0.8)
        .moveTo(MARGIN.left, top)
        .lineTo(MARGIN.left + CONTENT_WIDTH, top)
        .stroke(RULE_COLOR);
      if (row.ruleAbove === 'double') {
        doc
          .moveTo(MARGIN.left, top + 2)
          .lineTo(MARGIN.left + CONTENT_WIDTH, top + 2)
          .stroke(RULE_COLOR);
      }
    }
    let x = MARGIN.left;
    doc.font(row.font).fontSize(SIZE.body).fillColor(TEXT_COLOR);
    row.texts.forEach((t, i) => {
      const w = widths[i] ?? 0;
      // lineGap already leaves room under the text, so it sits a little lower than padY to look centred.
      doc.text(t, x + padX, top + padY + 1.5 + (row.ruleAbove === 'double' ? 2 : 0), {
        width: w - 2 * padX,
        align: columns[i]?.align ?? 'left',
        lineGap: LINE_GAP,
      });
      x += w;
    });
    doc.y = top + row.height + (row.ruleAbove === 'double' ? 2 : 0);
    doc.x = MARGIN.left;
  };
  const header = () => {
    const h = measureRow(
      columns.map((c) => c.header),
      FONT.bold,
      'none',
    );
    render(h);
    doc
      .lineWidth(1)
      .moveTo(MARGIN.left, doc.y)
      .lineTo(MARGIN.left + CONTENT_WIDTH, doc.y)
      .stroke(TEXT_COLOR);
    return h.height;
  };
  const first = rows[0] ? measureRow(rows[0], FONT.regular, 'none') : null;
  ensureSpace(doc, 2 * (SIZE.body + 2 * padY) + (first?.height ?? 0));
  header();
  rows.forEach((cells, i) => {
    const row = measureRow(cells, FONT.regular, i === 0 ? 'none' : 'single');
    if (doc.y + row.height > bottom(doc)) {
      newPage(doc);
      doc.y = MARGIN.top;
      header();
      row.ruleAbove = 'none';
    }
    render(row);
  });
  if (opts.footer) {
    const row = measureRow(opts.footer, FONT.bold, 'double');
    if (doc.y + row.height > bottom(doc)) {
      newPage(doc);
      doc.y = MARGIN.top;
      header();
    }
    render(row);
  }
  doc
    .lineWidth(1)
    .moveTo(MARGIN.left, doc.y)
    .lineTo(MARGIN.left + CONTENT_WIDTH, doc.y)
    .stroke(TEXT_COLOR);
  doc.moveDown(0.8);
}

/** Signature lines side by side, each with a caption above and the printed name (namnförtydligande) below. */
export function signatureLines(doc: Doc, parties: { caption: string; name: string }[]): void {
  const gap = 12 * MM;
  const width = (CONTENT_WIDTH - gap * (parties.length - 1)) / parties.length;
  ensureSpace(doc, 85);
  const top = doc.y;
  parties.forEach((p, i) => {
    const x = MARGIN.left + i * (width + gap);
    writeAt(doc, p.caption, x, top, { font: FONT.bold, width });
    const lineY = top + 42;
    doc
      .lineWidth(0.8)
      .moveTo(x, lineY)
      .lineTo(x + width, lineY)
      .stroke(TEXT_COLOR);
    writeAt(doc, 'Underskrift', x, lineY + 3, { size: SIZE.small, color: MUTED_COLOR, width });
    writeAt(doc, p.name, x, lineY + 16, { width });
    writeAt(doc, 'Namnförtydligande', x, lineY + 30, { size: SIZE.small, color: MUTED_COLOR, width });
  });
  doc.x = MARGIN.left;
  doc.y = top + 85;
}

/** On every page: page numbers ("Sida 1 av 2", only when there is more than one page) and, from the second
 *  page on, a running header line (e.g. unit name and document title) so a loose page can be placed. */
export function finishPages(doc: Doc, opts: { runningHeader: string; marking?: string }): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    if (i > range.start) {
      writeAt(doc, opts.runningHeader, MARGIN.left, 12 * MM, {
        size: SIZE.small,
        color: MUTED_COLOR,
        width: opts.marking ? CONTENT_WIDTH * 0.6 : CONTENT_WIDTH,
      });
      if (opts.marking) {
        writeAt(doc, opts.marking, MARGIN.left + CONTENT_WIDTH * 0.6, 12 * MM, {
          font: FONT.bold,
          size: SIZE.small,
          width: CONTENT_WIDTH * 0.4,
          align: 'right',
        });
      }
    }
    if (range.count > 1) {
      writeAt(doc, `Sida ${i - range.start + 1} av ${range.count}`, MARGIN.left, PAGE_HEIGHT - 13 * MM, {
        size: SIZE.small,
        color: MUTED_COLOR,
        width: CONTENT_WIDTH,
        align: 'center',
      });
    }
  }
}
