import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalidField } from '../errors.ts';
import { actorOf } from '../http/access-policy.ts';
import { id, idParams, paging, text } from '../http/schemas.ts';
import type { Services } from '../services/index.ts';
import { readerFor, PAYMENT_FORMATS } from '../services/payment-file-readers.ts';

// A BgMax file of 100 000 payments is about 25 MB; leave room for a year of camt statements.
const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export function paymentImportRoutes(app: FastifyInstance, services: Services) {
  app.register(async (scope) => {
    // Uploads arrive as the raw file and are streamed to a temporary file, never held in memory.
    scope.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['payment imports'];

    r.post(
      '/api/payment-imports',
      {
        config: { access: 'staff' },
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags,
          summary: 'Import a bank file (body: the file, Content-Type application/octet-stream)',
          querystring: z.object({
            unitId: id(),
            format: z.enum(PAYMENT_FORMATS),
            fileName: text(255),
            mapping: z.string().max(2000).optional(),
          }),
        },
      },
      async (req, reply) => {
        const tmp = await saveUpload(req.body as Readable);
        try {
          const mapping = req.query.mapping ? parseMapping(req.query.mapping) : undefined;
          const summary = await services.paymentImports.importFile(
            { actor: actorOf(req) },
            {
              unitId: req.query.unitId,
              format: req.query.format,
              fileName: req.query.fileName,
              path: tmp,
              read: readerFor(req.query.format, tmp, mapping),
            },
          );
          return reply.code(summary.alreadyImported ? 200 : 201).send(summary);
        } finally {
          fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
        }
      },
    );

    r.post(
      '/api/payment-imports/preview',
      {
        config: { access: 'staff' },
        bodyLimit: 20 * 1024 * 1024,
        schema: {
          tags,
          summary: 'Columns and first rows of a CSV or Excel file, with a suggested mapping',
          querystring: z.object({ format: z.enum(['csv', 'xlsx']) }),
        },
      },
      async (req) => {
        const tmp = await saveUpload(req.body as Readable);
        try {
          return await services.paymentImports.preview(req.query.format, tmp);
        } finally {
          fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
        }
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/payment-imports',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['payment imports'],
        querystring: z.object({ unitId: id().optional(), page: paging.page, pageSize: paging.pageSize }),
      },
    },
    async (req) => services.paymentImports.list(actorOf(req), req.query),
  );
  r.get('/api/payment-imports/:id', { config: { access: 'staff' }, schema: { tags: ['payment imports'], params: idParams } }, async (req) =>
    services.paymentImports.get(actorOf(req), req.params.id),
  );
}

async function saveUpload(body: Readable | undefined): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-upload-'));
  const file = path.join(dir, 'upload');
  if (!body || typeof (body as Readable).pipe !== 'function') {
    fs.writeFileSync(file, '');
    return file;
  }
  await pipeline(body, fs.createWriteStream(file));
  return file;
}

/** The column mapping the preview suggested and the person confirmed: `{"date": 0, "amount": 3, …}`. */
function parseMapping(text: string): Record<string, number> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = null;
  }
  const ok =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 1000);
  if (!ok) {
    throw invalidField('mapping', 'format', {
      sv: 'Kolumnvalet kunde inte läsas. Välj kolumnerna igen.',
      en: 'The column choice could not be read. Choose the columns again.',
    });
  }
  return value as Record<string, number>;
}
