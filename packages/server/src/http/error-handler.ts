import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import { requestLocale } from './locale.ts';
import { fieldMessage } from './schemas.ts';

// The one place where errors become HTTP answers: { error: { code, message, fields? , ...extra } }.
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const locale = requestLocale(request);
    if (error instanceof AppError) {
      return reply.code(error.status).send({
        error: {
          code: error.code,
          message: error.messages[locale],
          ...(error.fields.length
            ? { fields: error.fields.map((f) => ({ field: f.field, code: f.code, message: f.message[locale] })) }
            : {}),
          ...error.extraFor(locale),
        },
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext; // body, querystring, params
      const fields = error.validation.map((v) => {
        const { code, message } = fieldMessage(v as never);
        const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || where || 'body';
        return { field, code, message: message[locale] };
      });
      return reply.code(400).send({
        error: {
          code: 'VALIDATION',
          message: locale === 'sv' ? 'Några uppgifter behöver rättas.' : 'Some fields need correcting.',
          fields,
        },
      });
    }
    if (error.statusCode === 429) {
      return reply.code(429).send({
        error: {
          code: 'RATE_LIMITED',
          message:
            locale === 'sv' ? 'För många försök. Vänta en stund och försök igen.' : 'Too many attempts. Wait a moment and try again.',
        },
      });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, wrong content type, body too large: the client's mistake, said plainly.
      return reply.code(error.statusCode).send({ error: { code: error.code ?? 'BAD_REQUEST', message: error.message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({
      error: {
        code: 'INTERNAL',
        message:
          locale === 'sv'
            ? 'Något gick fel hos oss. Försök igen; kvarstår felet, kontakta support.'
            : 'Something went wrong on our side. Try again; if it persists, contact support.',
      },
    });
  });
}
