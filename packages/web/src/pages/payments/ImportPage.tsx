import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, type Upload } from '../../api/client.ts';
import { paymentImportsApi } from '../../api/paymentImports.ts';
import {
  MAPPING_FIELDS,
  PAYMENT_FORMATS,
  type ColumnMapping,
  type ImportPreview,
  type ImportProblem,
  type ImportSummary,
  type MappingField,
  type PaymentFormat,
} from '../../api/types.ts';
import { describeError } from '../../components/describeError.ts';
import { DetailList } from '../../components/DetailList.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { FieldError, RadioGroup, SelectField } from '../../components/Fields.tsx';
import { ErrorBox, Notice } from '../../components/Page.tsx';
import { fileSize, money } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLabels } from '../../labels.ts';
import { useMe, useSession } from '../../session/SessionContext.tsx';
import { PaymentsPage } from './PaymentsPage.tsx';

type Outcome =
  | { kind: 'done'; summary: ImportSummary }
  | { kind: 'already'; summary: ImportSummary }
  | { kind: 'rejected'; file: string; message: string; errors: ImportProblem[] }
  | { kind: 'cancelled' };

type PreviewState =
  { status: 'idle' } | { status: 'loading' } | { status: 'done'; preview: ImportPreview } | { status: 'error'; message: string };

const REQUIRED_COLUMNS: readonly MappingField[] = ['date', 'amount'];
/** The server's limits (payment-imports.routes.ts): checked here too, so the answer is a sentence, not a 413. */
const MAX_PREVIEW_BYTES = 20 * 1024 * 1024;
const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
const isTable = (format: string): format is 'csv' | 'xlsx' => format === 'csv' || format === 'xlsx';
const mapKey = (field: MappingField) => `map_${field}` as const;

type ImportValues = { unitId: string; format: string; file: string } & Record<`map_${MappingField}`, string>;
type ImportForm = ReturnType<typeof useForm<ImportValues>>;

/** The format a file's name suggests; null when the name says nothing (BgMax files are often .txt). */
function formatFromName(name: string, current: string): PaymentFormat | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'xlsx' || ext === 'xls') return 'xlsx';
  if (ext === 'csv') return 'csv';
  if (ext === 'xml') return current === 'camt053' ? 'camt053' : 'camt054';
  return null;
}

/** /payments/import – read a bank file; CSV and Excel first show their columns to map. */
export function ImportPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { unit } = useSession();
  const labels = useLabels();
  const eligible = me.units.filter((u) => u.role === 'manager' || u.role === 'caseworker');
  const initialUnit = eligible.find((u) => u.id === unit?.id)?.id ?? eligible[0]?.id ?? '';

  const form = useForm<ImportValues>(
    {
      unitId: initialUnit,
      format: 'bgmax',
      file: '',
      map_date: '',
      map_amount: '',
      map_reference: '',
      map_name: '',
      map_bankReference: '',
      map_note: '',
    },
    'import',
  );
  const v = form.values;
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [preview, setPreview] = useState<PreviewState>({ status: 'idle' });
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'processing'>('idle');
  const [progress, setProgress] = useState({ loaded: 0, total: 0 });
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const upload = useRef<Upload<ImportSummary> | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  // A CSV or Excel file: ask the server for its columns and a suggested mapping as soon as both are known.
  useEffect(() => {
    if (!file || !isTable(v.format)) {
      setPreview({ status: 'idle' });
      return;
    }
    if (file.size > MAX_PREVIEW_BYTES) {
      setPreview({ status: 'error', message: t('payments.previewTooLarge') });
      return;
    }
    setPreview({ status: 'loading' });
    const request = paymentImportsApi.preview(v.format, file);
    let live = true;
    request.result.then(
      (answer) => {
        if (!live) return;
        setPreview({ status: 'done', preview: answer });
        form.setValues((previous) => {
          const next = { ...previous };
          for (const field of MAPPING_FIELDS) {
            const column = answer.suggestedMapping[field];
            next[mapKey(field)] = column === undefined ? '' : String(column);
          }
          return next;
        });
      },
      (error: unknown) => {
        if (!live || (error instanceof DOMException && error.name === 'AbortError')) return;
        const message = error instanceof ApiError && error.status === 400 && error.message ? error.message : describeError(t, error);
        setPreview({ status: 'error', message });
      },
    );
    return () => {
      live = false;
      request.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [file, v.format]);

  useEffect(() => () => upload.current?.abort(), []);

  const validate = (values: typeof v): FieldErrors => {
    const errors: FieldErrors = {};
    if (!values.unitId) errors.unitId = t('payments.chooseUnit');
    if (!values.format) errors.format = t('payments.chooseFormat');
    if (!file) errors.file = t('payments.chooseFile');
    else if (file.size > MAX_IMPORT_BYTES) errors.file = t('payments.fileTooLarge');
    if (file && isTable(values.format)) {
      if (preview.status === 'error') errors.file = preview.message;
      const seen = new Map<string, MappingField>();
      for (const field of MAPPING_FIELDS) {
        const column = values[mapKey(field)];
        if (!column) {
          if (REQUIRED_COLUMNS.includes(field)) {
            errors[mapKey(field)] = t('errors.chooseRequired', { field: t(`payments.mappingFields.${field}`).toLowerCase() });
          }
          continue;
        }
        const other = seen.get(column);
        if (other) errors[mapKey(field)] = t('payments.columnTwice', { field: t(`payments.mappingFields.${other}`).toLowerCase() });
        else seen.set(column, field);
      }
    }
    return errors;
  };

  const showOutcome = (next: Outcome) => {
    setOutcome(next);
    requestAnimationFrame(() => outcomeRef.current?.focus());
  };

  const onSubmit = form.handleSubmit(validate, async (values) => {
    if (!file) return;
    const format = values.format as PaymentFormat;
    let mapping: ColumnMapping | undefined;
    if (isTable(format)) {
      mapping = {};
      for (const field of MAPPING_FIELDS) {
        const column = values[mapKey(field)];
        if (column !== '') mapping[field] = Number(column);
      }
    }
    setOutcome(null);
    setProgress({ loaded: 0, total: file.size });
    setPhase('uploading');
    const request = paymentImportsApi.import({
      unitId: values.unitId,
      format,
      file,
      mapping,
      onProgress: (loaded, total) => setProgress({ loaded, total }),
      onSent: () => setPhase('processing'),
    });
    upload.current = request;
    try {
      const summary = await request.result;
      showOutcome(summary.alreadyImported ? { kind: 'already', summary } : { kind: 'done', summary });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') {
        showOutcome({ kind: 'cancelled' });
      } else if (error instanceof ApiError && error.code === 'IMPORT_REJECTED') {
        const errors = Array.isArray(error.body.errors) ? (error.body.errors as ImportProblem[]) : [];
        showOutcome({
          kind: 'rejected',
          file: typeof error.body.file === 'string' ? error.body.file : file.name,
          message: error.message,
          errors,
        });
      } else {
        throw error;
      }
    } finally {
      upload.current = null;
      setPhase('idle');
    }
  });

  const startOver = () => {
    setOutcome(null);
    setFile(null);
    setFileKey((k) => k + 1);
    form.setValue('file', '');
  };

  if (eligible.length === 0) {
    return (
      <PaymentsPage title={t('payments.importTitle')}>
        <Notice tone="info">{t('payments.importNotAllowed')}</Notice>
      </PaymentsPage>
    );
  }

  const busy = phase !== 'idle';
  const percent = progress.total > 0 ? Math.min(100, Math.round((progress.loaded / progress.total) * 100)) : 0;
  const chosenUnit = eligible.find((u) => u.id === v.unitId);

  return (
    <PaymentsPage title={t('payments.importTitle')}>
      <p className="lead">{t('payments.importIntro')}</p>

      <div ref={outcomeRef} tabIndex={-1} className="import-outcome" data-testid="import-outcome">
        {outcome?.kind === 'done' ? <ImportResult summary={outcome.summary} onAnother={startOver} /> : null}
        {outcome?.kind === 'already' ? (
          <Notice tone="info">
            <p className="notice-title">{t('payments.alreadyTitle')}</p>
            <p>{t('payments.alreadyImported', { file: outcome.summary.file })}</p>
            {outcome.summary.importId ? (
              <p>
                <Link to={`/payments/imports/${outcome.summary.importId}`}>{t('payments.openImport')}</Link>
              </p>
            ) : null}
          </Notice>
        ) : null}
        {outcome?.kind === 'cancelled' ? <Notice tone="info">{t('payments.uploadCancelled')}</Notice> : null}
        {outcome?.kind === 'rejected' ? <ImportRejected outcome={outcome} /> : null}
      </div>

      {outcome?.kind === 'done' ? null : (
        <div className="card form-card import-card">
          <ErrorSummary {...form.summary} />
          <form onSubmit={onSubmit} noValidate aria-busy={busy}>
            {eligible.length > 1 ? (
              <SelectField
                {...form.text('unitId')}
                label={t('payments.unit')}
                options={eligible.map((u) => ({ value: u.id, label: u.name }))}
                width="medium"
                disabled={busy}
              />
            ) : (
              <p className="import-unit">
                <span className="muted">{t('payments.unit')}:</span> {chosenUnit?.name}
              </p>
            )}
            <RadioGroup
              {...form.text('format')}
              label={t('payments.format')}
              options={PAYMENT_FORMATS.map((f) => ({ value: f, label: t(`payments.formats.${f}`) }))}
            />
            <div className={`field ${form.errors.file ? 'field-invalid' : ''}`}>
              <div className="field-label">
                <label htmlFor="import-file">{t('payments.file')}</label>
              </div>
              <p id="import-file-hint" className="field-hint">
                {t('payments.fileHint')}
              </p>
              {form.errors.file ? <FieldError id="import-file-error" message={form.errors.file} /> : null}
              <input
                key={fileKey}
                id="import-file"
                name="import-file"
                type="file"
                className="input input-long input-file"
                aria-required
                aria-invalid={form.errors.file ? true : undefined}
                aria-describedby={['import-file-hint', form.errors.file ? 'import-file-error' : null].filter(Boolean).join(' ')}
                disabled={busy}
                onChange={(event) => {
                  const chosen = event.target.files?.[0] ?? null;
                  setFile(chosen);
                  setOutcome(null);
                  form.setValue('file', chosen ? chosen.name : '');
                  const guessed = chosen ? formatFromName(chosen.name, v.format) : null;
                  if (guessed && guessed !== v.format) form.setValue('format', guessed);
                }}
              />
              {file ? (
                <p className="field-hint import-file-chosen" data-testid="import-file-chosen">
                  {t('payments.fileSize', { name: file.name, size: fileSize(file.size, labels.locale) })}
                </p>
              ) : null}
            </div>

            {file && isTable(v.format) ? <MappingSection preview={preview} form={form} /> : null}

            {busy ? (
              <div className="upload-progress" data-testid="upload-progress">
                {phase === 'uploading' ? (
                  <>
                    <label htmlFor="import-progress" className="field-label">
                      {t('payments.uploading')}
                    </label>
                    <div className="upload-progress-row">
                      <progress id="import-progress" max={100} value={percent} aria-describedby="import-progress-text">
                        {percent} %
                      </progress>
                      <span id="import-progress-text" className="upload-percent">
                        {t('payments.uploadProgress', {
                          percent,
                          loaded: fileSize(progress.loaded, labels.locale),
                          total: fileSize(progress.total, labels.locale),
                        })}
                      </span>
                    </div>
                  </>
                ) : (
                  <>
                    <label htmlFor="import-progress" className="field-label">
                      {t('payments.processing')}
                    </label>
                    <progress id="import-progress" />
                  </>
                )}
                <p className="visually-hidden" role="status">
                  {phase === 'uploading' ? t('payments.uploading') : t('payments.processing')}
                </p>
              </div>
            ) : null}

            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={busy || preview.status === 'loading'} aria-disabled={busy}>
                {t('payments.submit')}
              </button>
              {phase === 'uploading' ? (
                <button type="button" className="button button-link" onClick={() => upload.current?.abort()}>
                  {t('payments.cancelUpload')}
                </button>
              ) : null}
            </div>
          </form>
        </div>
      )}
    </PaymentsPage>
  );
}

function MappingSection({ preview, form }: { preview: PreviewState; form: ImportForm }) {
  const { t } = useTranslation();
  if (preview.status === 'loading' || preview.status === 'idle') {
    return (
      <p className="loading" role="status">
        {t('payments.previewing')}
      </p>
    );
  }
  if (preview.status === 'error') {
    return (
      <ErrorBox title={t('payments.previewFailed')}>
        <p>{preview.message}</p>
      </ErrorBox>
    );
  }
  const { headers, rows, rowCount } = preview.preview;
  const width = Math.max(headers.length, ...rows.map((r) => r.length));
  const columns = Array.from({ length: width }, (_, i) => i);
  const options = columns.map((i) => ({
    value: String(i),
    label: headers[i]?.trim() ? t('payments.column', { n: i + 1, header: headers[i]!.trim() }) : t('payments.columnNoHeader', { n: i + 1 }),
  }));

  return (
    <fieldset className="fieldset-group mapping" data-testid="column-mapping">
      <legend>{t('payments.mapping')}</legend>
      <p className="field-hint">{t('payments.mappingHint')}</p>
      <div className="form-grid">
        {MAPPING_FIELDS.map((field) => (
          <SelectField
            key={field}
            {...form.text(mapKey(field))}
            label={t(`payments.mappingFields.${field}`)}
            options={options}
            placeholder={REQUIRED_COLUMNS.includes(field) ? t('common.choose') : t('payments.noColumn')}
            optional={!REQUIRED_COLUMNS.includes(field)}
            width="medium"
          />
        ))}
      </div>
      <p className="muted">{t('payments.rowCount', { count: rowCount })}</p>
      <div className="table-wrap" role="region" aria-labelledby="preview-caption" tabIndex={0}>
        <table className="table preview-table" data-testid="import-preview">
          <caption id="preview-caption" className="table-caption">
            {t('payments.previewCaption')}
          </caption>
          <thead>
            <tr>
              {columns.map((i) => (
                <th key={i} scope="col">
                  <span className="cell-sub">{i + 1}</span>
                  {headers[i] ?? ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {columns.map((i) => (
                  <td key={i}>{row[i] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

function ImportResult({ summary, onAnother }: { summary: ImportSummary; onAnother: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card import-result" aria-labelledby="import-result-title" data-testid="import-result">
      <h2 id="import-result-title">{t('payments.resultTitle')}</h2>
      <p className="muted">{summary.file}</p>
      <DetailList
        items={[
          { label: t('payments.resultPayments'), value: String(summary.payments), testId: 'import-payments' },
          { label: t('payments.resultMatched'), value: String(summary.matched), testId: 'import-matched' },
          { label: t('payments.resultUnmatched'), value: String(summary.unmatched), testId: 'import-unmatched' },
          { label: t('payments.resultDuplicates'), value: String(summary.duplicates), testId: 'import-duplicates' },
          { label: t('payments.resultTotal'), value: money(summary.totalOre), testId: 'import-total' },
        ]}
      />
      <div className="button-row">
        {summary.unmatched > 0 ? (
          <Link className="button button-primary" to="/payments/unmatched">
            {t('payments.toUnmatched')}
          </Link>
        ) : null}
        {summary.importId ? (
          <Link className="button button-secondary" to={`/payments/imports/${summary.importId}`}>
            {t('payments.openImport')}
          </Link>
        ) : null}
        <button type="button" className="button button-secondary" onClick={onAnother}>
          {t('payments.another')}
        </button>
      </div>
    </section>
  );
}

function ImportRejected({ outcome }: { outcome: Extract<Outcome, { kind: 'rejected' }> }) {
  const { t } = useTranslation();
  const { locale } = useLabels();
  const text = (message: ImportProblem['message']) => (typeof message === 'string' ? message : (message[locale] ?? message.sv));
  return (
    <div className="notice notice-error import-rejected" role="alert" data-testid="import-rejected">
      <h2 className="notice-title h3">{t('payments.rejectedTitle')}</h2>
      <p>
        <strong>{t('payments.nothingSaved')}</strong> {t('payments.rejectedHelp')}
      </p>
      {outcome.errors.length === 0 ? (
        <p>{outcome.message}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="import-errors">
              <caption className="table-caption">
                {t('payments.errorsCaption')}: {outcome.file}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('payments.errorWhere')}</th>
                  <th scope="col">{t('payments.errorField')}</th>
                  <th scope="col">{t('payments.errorMessage')}</th>
                </tr>
              </thead>
              <tbody>
                {outcome.errors.map((e, i) => (
                  <tr key={i}>
                    <td className="nowrap">{e.line ?? e.element ?? '–'}</td>
                    <td>
                      <code>{e.field}</code>
                    </td>
                    <td>{text(e.message)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {outcome.errors.length >= 20 ? <p className="muted">{t('payments.errorsShown', { count: outcome.errors.length })}</p> : null}
        </>
      )}
    </div>
  );
}
