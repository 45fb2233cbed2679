import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { fileUrl } from '../../api/client.ts';
import { residentsApi } from '../../api/residents.ts';
import type { Placement, Resident } from '../../api/types.ts';
import { DetailList } from '../../components/DetailList.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { TextAreaField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { PdfLink } from '../../components/PdfLink.tsx';
import { PlacementStatus, PlacementTable } from '../../components/PlacementTable.tsx';
import { instant, money, personalNumber } from '../../format.ts';
import { useFlash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { useMe, useSession } from '../../session/SessionContext.tsx';
import { SupportSection } from '../housingFirst/SupportSection.tsx';
import { OccupationSection } from '../occupation/OccupationSection.tsx';
import { LegalHoldPanel } from './LegalHoldPanel.tsx';
import { RentHistory } from './RentHistory.tsx';

export function ResidentDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const flashMessage = useFlash();
  const result = useLoad((signal) => residentsApi.get(id, signal), [id]);
  const r = result.data;

  // Culled records (docs/culling.md): nothing personal is left to show or edit.
  if (r?.culledAt) {
    return (
      <Page title={t('culled.title')} kicker={t('residents.kicker')}>
        <section className="card" data-testid="resident-culled">
          <p>{t('culled.text', { date: r.culledAt.slice(0, 10) })}</p>
        </section>
      </Page>
    );
  }

  return (
    <Page
      title={r ? `${r.firstName} ${r.lastName}` : t('residents.title')}
      kicker={r ? t('residents.kicker') : undefined}
      actions={
        r ? (
          <>
            <Link className="button button-secondary" to={`/residents/${id}/edit`}>
              {t('common.edit')}
            </Link>
            <Link className="button button-secondary" to={`/residents/${id}/ledger`} data-testid="resident-ledger-link">
              {t('placements.ledger')}
            </Link>
            <Link className="button button-primary" to={`/placements/new?residentId=${id}`}>
              {t('residents.newPlacement')}
            </Link>
          </>
        ) : null
      }
    >
      {flashMessage ? <Notice>{flashMessage}</Notice> : null}
      <LoadState {...result}>{(resident) => <ResidentDetails resident={resident} />}</LoadState>
    </Page>
  );
}

function ResidentDetails({ resident: r }: { resident: Resident }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useMe();
  const { roleIn } = useSession();
  const placements = useLoad((signal) => residentsApi.placements(r.id, signal), [r.id]);
  // The rent follow-up is case work: analysts see aggregated figures only.
  const followsUpRent = (roleIn(r.unitId) ?? 'analyst') !== 'analyst';
  const unitName = me.units.find((u) => u.id === r.unitId)?.name;
  const current = r.currentPlacement;
  const earlier = (placements.data ?? []).filter((p) => p.id !== current?.id);

  const identity =
    r.idKind === 'none' ? (
      <>
        <span className="muted">{labels.idKind('none')}</span>
        {r.noIdReason ? <span className="cell-sub">{r.noIdReason}</span> : null}
      </>
    ) : (
      personalNumber(r.personalNumber)
    );

  return (
    <div className="stack">
      <div className="grid-3">
        <section className="card" aria-labelledby="resident-personal">
          <h2 id="resident-personal">{t('residents.personal')}</h2>
          <DetailList
            items={[
              {
                label: r.idKind === 'samordningsnummer' ? t('residents.coordinationNumber') : t('residents.personalNumber'),
                value: identity,
                testId: 'resident-personal-number',
              },
              { label: t('residents.birthDate'), value: r.birthDate },
              { label: t('residents.phone'), value: r.phone ? <a href={`tel:${r.phone}`}>{r.phone}</a> : null },
              { label: t('residents.email'), value: r.email ? <a href={`mailto:${r.email}`}>{r.email}</a> : null },
              { label: t('residents.unit'), value: unitName },
            ]}
          />
        </section>
        <section className="card" aria-labelledby="resident-household">
          <h2 id="resident-household">{t('residents.household')}</h2>
          <DetailList
            items={[
              { label: t('residents.householdAdults'), value: String(r.householdAdults), testId: 'household-adults' },
              { label: t('residents.householdChildren'), value: String(r.householdChildren), testId: 'household-children' },
            ]}
          />
        </section>
        <section className="card" aria-labelledby="resident-support">
          <h2 id="resident-support">{t('residents.support')}</h2>
          <DetailList
            items={[
              { label: t('residents.contactPerson'), value: r.contactPersonName },
              {
                label: t('residents.commissioner'),
                value: r.commissionerId ? <Link to={`/commissioners/${r.commissionerId}`}>{r.commissionerName}</Link> : null,
              },
              { label: t('residents.commissionerContact'), value: r.commissionerContact },
            ]}
          />
        </section>
      </div>

      <section className="card" aria-labelledby="resident-current-placement">
        <h2 id="resident-current-placement">{t('residents.currentPlacement')}</h2>
        {current ? <CurrentPlacement placement={current} /> : <p className="empty">{t('residents.noCurrentPlacement')}</p>}
      </section>

      {followsUpRent ? <RentHistory residentId={r.id} placements={placements.data ?? []} /> : null}

      {followsUpRent && current ? <SupportSection placement={current} placements={placements.data ?? []} /> : null}

      <section className="card" aria-labelledby="resident-earlier-placements">
        <h2 id="resident-earlier-placements">{t('residents.earlierPlacements')}</h2>
        <LoadState {...placements}>
          {() => (
            <PlacementTable
              caption={t('residents.earlierPlacements')}
              placements={earlier}
              show="apartment"
              empty={t('residents.noEarlierPlacements')}
              testId="resident-placements"
            />
          )}
        </LoadState>
      </section>

      {followsUpRent ? <OccupationSection residentId={r.id} /> : null}

      <Notes residentId={r.id} />

      {followsUpRent ? <LegalHoldPanel subject={{ residentId: r.id }} /> : null}

      {roleIn(r.unitId) === 'manager' ? <RegisterExtract residentId={r.id} /> : null}
    </div>
  );
}

/** The register extract (GDPR art. 15) for the managers of the person's unit; making one is logged. */
function RegisterExtract({ residentId }: { residentId: string }) {
  const { t } = useTranslation();
  const base = `/residents/${encodeURIComponent(residentId)}/register-extract`;
  return (
    <section className="card" aria-labelledby="resident-register-extract" data-testid="register-extract">
      <h2 id="resident-register-extract">{t('residents.registerExtract')}</h2>
      <p className="muted">{t('residents.registerExtractHint')}</p>
      <div className="button-row">
        <PdfLink href={fileUrl(`${base}.pdf`)} label={t('residents.registerExtractPdf')} testId="register-extract-pdf" />
        <a className="button button-secondary" href={fileUrl(`${base}.json`)} download data-testid="register-extract-json">
          {t('residents.registerExtractJson')}
        </a>
      </div>
    </section>
  );
}

function CurrentPlacement({ placement: p }: { placement: Placement }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const rent = p.monthlyRentOre ?? p.effectiveMonthlyRentOre ?? null;
  return (
    <div data-testid="current-placement">
      <DetailList
        items={[
          { label: t('placements.apartment'), value: <Link to={`/apartments/${p.apartmentId}`}>{p.apartmentAddress}</Link> },
          { label: t('placements.period'), value: `${p.startDate} – ${p.endDate ?? t('placements.untilFurther')}` },
          {
            label: t('placements.ocrReference'),
            value: p.ocrReference ? <span className="ocr-inline">{p.ocrReference}</span> : null,
            testId: 'current-placement-ocr',
          },
          { label: t('placements.status'), value: <PlacementStatus placement={p} /> },
          { label: t('placements.leaseForm'), value: labels.leaseForm(p.leaseForm) },
          { label: t('placements.monthlyRentShort'), value: money(rent) },
          { label: t('placements.dailyFee'), value: money(p.dailyFeeOre) },
          {
            label: t('placements.rentIncludedInDailyFee'),
            value: p.rentIncludedInDailyFee ? t('common.yes') : t('common.no'),
          },
          { label: t('placements.rentAllowance'), value: money(p.rentAllowanceOre) },
        ]}
      />
      <div className="button-row">
        <Link className="button button-secondary" to={`/placements/${p.id}`}>
          {t('placements.open')}
        </Link>
        <Link className="button button-secondary" to={`/residents/${p.residentId}/ledger#placement-${p.id}`}>
          {t('placements.ledger')}
        </Link>
        {!p.endDate ? (
          <Link className="button button-secondary" to={`/placements/${p.id}/end`}>
            {t('placements.end')}
          </Link>
        ) : null}
      </div>
    </div>
  );
}

function Notes({ residentId }: { residentId: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const notes = useLoad((signal) => residentsApi.notes(residentId, signal), [residentId]);
  const [saved, setSaved] = useState(false);
  const form = useForm({ body: '' }, 'note');

  const validate = (v: typeof form.values): FieldErrors =>
    v.body.trim() ? {} : { body: t('errors.required', { field: t('residents.newNote').toLowerCase() }) };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    setSaved(false);
    await residentsApi.addNote(residentId, v.body.trim());
    form.setValues({ body: '' });
    setSaved(true);
    notes.reload();
  });

  // Newest first, whatever order the server sends.
  const sorted = [...(notes.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <section className="card" aria-labelledby="resident-notes">
      <h2 id="resident-notes">{t('residents.notes')}</h2>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate className="note-form">
        <TextAreaField {...form.text('body')} label={t('residents.newNote')} hint={t('residents.noteHint')} rows={3} />
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('residents.addNote')}
          </button>
        </div>
      </form>
      {saved ? <Notice>{t('residents.noteSaved')}</Notice> : null}
      <LoadState {...notes}>
        {() =>
          sorted.length === 0 ? (
            <p className="empty">{t('residents.noNotes')}</p>
          ) : (
            <ol className="notes" data-testid="notes">
              {sorted.map((note) => (
                <li key={note.id} className="note">
                  <p className="note-meta">
                    {t('residents.noteBy', { author: note.authorName, time: instant(note.createdAt, labels.locale) })}
                  </p>
                  <p className="note-body">{note.body}</p>
                </li>
              ))}
            </ol>
          )
        }
      </LoadState>
    </section>
  );
}
