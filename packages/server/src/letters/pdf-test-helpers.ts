// Test helpers: read the text of an uncompressed pdfkit PDF without external tools.
//
// pdfkit writes text in the standard fonts as hex strings of WinAnsi (Windows-1252) bytes, either in
// `[<48c5> 12 <6c6c> 0] TJ` arrays (split where kerning applies) or as `<…> Tj`. Each TJ/Tj becomes one
// string here. Bytes decode as Latin-1 except 0x80–0x9F, which WinAnsi uses for – — … ‘ ’ “ ” • € etc.
// Only for documents rendered with { compress: false }.

const WIN_ANSI_80_9F: Record<number, string> = {
  0x80: '\u20ac',
  0x82: '\u201a',
  0x83: '\u0192',
  0x84: '\u201e',
  0x85: '\u2026',
  0x86: '\u2020',
  0x87: '\u2021',
  0x88: '\u02c6',
  0x89: '\u2030',
  0x8a: '\u0160',
  0x8b: '\u2039',
  0x8c: '\u0152',
  0x8e: '\u017d',
  0x91: '\u2018',
  0x92: '\u2019',
  0x93: '\u201c',
  0x94: '\u201d',
  0x95: '\u2022',
  0x96: '\u2013',
  0x97: '\u2014',
  0x98: '\u02dc',
  0x99: '\u2122',
  0x9a: '\u0161',
  0x9b: '\u203a',
  0x9c: '\u0153',
  0x9e: '\u017e',
  0x9f: '\u0178',
};

/** Hex string of WinAnsi bytes → text. Throws on an odd number of digits (a malformed string). */
export function decodeWinAnsiHex(hex: string): string {
  if (hex.length % 2 !== 0) throw new Error(`odd-length hex string <${hex}>`);
  let out = '';
  for (const byte of Buffer.from(hex, 'hex')) out += WIN_ANSI_80_9F[byte] ?? String.fromCharCode(byte);
  return out;
}

/** The hex strings of every TJ/Tj operator, in file order. */
export function textHexStrings(pdf: Buffer): string[][] {
  const s = pdf.toString('latin1');
  const ops: string[][] = [];
  const re = /\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g;
  for (const m of s.matchAll(re)) {
    if (m[1] !== undefined) ops.push([...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? ''));
    else ops.push([m[2] ?? '']);
  }
  return ops;
}

/** One string per TJ/Tj operator (usually one line of text, or one font run within a line). */
export function pdfTextLines(pdf: Buffer): string[] {
  return textHexStrings(pdf).map((parts) => parts.map(decodeWinAnsiHex).join(''));
}

/** All text as one string: the runs joined by single spaces (no-break spaces are kept as they are). */
export function pdfText(pdf: Buffer): string {
  return pdfTextLines(pdf).join(' ').replace(/ {2,}/g, ' ');
}

/** The text of each page content stream, in order (pdfkit writes one content stream per page). */
export function pdfPageTexts(pdf: Buffer): string[] {
  const s = pdf.toString('latin1');
  const pages: string[] = [];
  for (const m of s.matchAll(/\bstream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    pages.push(pdfText(Buffer.from(m[1] ?? '', 'latin1')));
  }
  return pages;
}

/** Number of page objects (`/Type /Page`, not `/Type /Pages`). */
export function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page(?![A-Za-z])/g) ?? []).length;
}

/** A string or date entry of the document information dictionary (Title, Author, CreationDate …), decoded;
 *  null when absent. pdfkit writes these as literal strings, UTF-16BE with a byte-order mark when they are not ASCII. */
export function pdfInfoString(pdf: Buffer, key: string): string | null {
  const s = pdf.toString('latin1');
  // pdfkit writes each entry as an indirect object: /Title 18 0 R … 18 0 obj (…) endobj.
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(s);
  if (!ref) return null;
  const m = new RegExp(`(?:^|\\n)${ref[1]} 0 obj\\s*\\(((?:\\\\.|[^\\\\)])*)\\)\\s*endobj`).exec(s);
  if (!m) return null;
  const raw = (m[1] ?? '').replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) => {
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
    return simple[e] ?? String.fromCharCode(parseInt(e, 8));
  });
  const bytes = Buffer.from(raw, 'latin1');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const le = Buffer.from(bytes.subarray(2));
    for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] ?? 0, le[i] ?? 0];
    return le.toString('utf16le');
  }
  return raw;
}
