import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { apartmentsApi } from '../../api/apartments.ts';
import { placementsApi } from '../../api/placements.ts';
import type { Apartment } from '../../api/types.ts';
import { DetailList } from '../../components/DetailList.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { PlacementTable } from '../../components/PlacementTable.tsx';
import { money } from '../../format.ts';
import { useFlash } from '../../hooks/useFlash.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { useMe } from '../../session/SessionContext.tsx';
import { PICKER_SIZE } from '../constants.ts';
import { ApartmentRentChangeForm } from '../ledger/LedgerForms.tsx';

export function ApartmentDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const flashMessage = useFlash();
  const result = useLoad((signal) => apartmentsApi.get(id, signal), [id]);
  const a = result.data;

  return (
    <Page
      title={a ? a.address : t('apartments.title')}
      kicker={a ? `${a.postcode} ${a.city}` : undefined}
      actions={
        a ? (
          <>
            <Link className="button button-secondary" to={`/apartments/${id}/edit`}>
              {t('common.edit')}
            </Link>
            <Link className="button button-primary" to={`/placements/new?apartmentId=${id}`}>
              {t('apartments.newPlacement')}
            </Link>
          </>
        ) : null
      }
    >
      {flashMessage ? <Notice>{flashMessage}</Notice> : null}
      <LoadState {...result}>{(apartment) => <ApartmentDetails apartment={apartment} />}</LoadState>
    </Page>
  );
}

function ApartmentDetails({ apartment: a }: { apartment: Apartment }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useMe();
  const placements = useLoad(
    (signal) => placementsApi.list({ apartmentId: a.id, sort: '-startDate', pageSize: PICKER_SIZE }, signal),
    [a.id],
  );
  const unitName = me.units.find((u) => u.id === a.unitId)?.name;

  return (
    <div className="stack">
      <section className="card" aria-labelledby="apartment-details">
        <h2 id="apartment-details">{t('common.details')}</h2>
        <DetailList
          items={[
            { label: t('apartments.type'), value: labels.apartmentType(a.type) },
            {
              label: t('apartments.currentResident'),
              value: a.currentResident ? (
                <Link to={`/residents/${a.currentResident.id}`}>{a.currentResident.name}</Link>
              ) : (
                <span className="tag tag-vacant">{t('apartments.vacant')}</span>
              ),
              testId: 'apartment-current-resident',
            },
            { label: t('apartments.district'), value: a.district },
            { label: t('apartments.rooms'), value: labels.rooms(a.rooms, a.kitchen) },
            { label: t('apartments.areaSqm'), value: String(a.areaSqm).replace('.', labels.locale === 'sv' ? ',' : '.') },
            { label: t('apartments.monthlyRent'), value: money(a.monthlyRentOre) },
            { label: t('apartments.landlord'), value: <Link to={`/landlords/${a.landlordId}`}>{a.landlordName}</Link> },
            { label: t('apartments.unitHoldsFirstHandLease'), value: a.unitHoldsFirstHandLease ? t('common.yes') : t('common.no') },
            { label: t('apartments.landlordObjectNumber'), value: a.landlordObjectNumber },
            { label: t('apartments.unit'), value: unitName },
          ]}
        />
      </section>
      <RentChange apartment={a} />
      <section className="card" aria-labelledby="apartment-placements">
        <h2 id="apartment-placements">{t('apartments.placements')}</h2>
        <LoadState {...placements}>
          {(page) => (
            <PlacementTable
              caption={t('apartments.placements')}
              placements={page.items}
              show="resident"
              empty={t('apartments.noPlacements')}
              testId="apartment-placements"
            />
          )}
        </LoadState>
      </section>
    </div>
  );
}

function RentChange({ apartment }: { apartment: Apartment }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  return (
    <section className="card" aria-labelledby="apartment-rent-change">
      <h2 id="apartment-rent-change">{t('apartments.rentChange')}</h2>
      <p className="field-hint">{t('apartments.rentChangeIntro')}</p>
      <div ref={noticeRef} tabIndex={-1} className="notice-anchor" data-testid="apartment-rent-change-result">
        {message ? <Notice>{message}</Notice> : null}
      </div>
      <ApartmentRentChangeForm
        apartmentId={apartment.id}
        currentRentOre={apartment.monthlyRentOre}
        onDone={(text) => {
          setMessage(text);
          requestAnimationFrame(() => noticeRef.current?.focus());
        }}
      />
      <p className="muted small">{t('apartments.rentBase')}</p>
    </section>
  );
}
