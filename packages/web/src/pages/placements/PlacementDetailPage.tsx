import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { placementsApi } from '../../api/placements.ts';
import { DetailList } from '../../components/DetailList.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { PlacementStatus } from '../../components/PlacementTable.tsx';
import { money, ordinalDay } from '../../format.ts';
import { useFlash } from '../../hooks/useFlash.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { PersonName, personNameText } from '../../components/PersonName.tsx';

export function PlacementDetailPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { id = '' } = useParams();
  const flashMessage = useFlash();
  const result = useLoad((signal) => placementsApi.get(id, signal), [id]);
  const p = result.data;

  return (
    <Page
      title={p ? t('placements.detailTitle', { resident: personNameText(t, p.residentName, p.residentCulled) }) : t('placements.title')}
      kicker={p?.apartmentAddress}
      actions={
        p ? (
          <>
            <Link className="button button-secondary" to={`/residents/${p.residentId}/ledger#placement-${id}`}>
              {t('placements.ledger')}
            </Link>
            <Link className="button button-secondary" to={`/placements/${id}/edit`}>
              {t('common.edit')}
            </Link>
            {!p.endDate ? (
              <Link className="button button-primary" to={`/placements/${id}/end`}>
                {t('placements.end')}
              </Link>
            ) : null}
          </>
        ) : null
      }
    >
      {flashMessage ? <Notice>{flashMessage}</Notice> : null}
      <LoadState {...result}>
        {(placement) => {
          const rent = placement.monthlyRentOre ?? placement.effectiveMonthlyRentOre ?? null;
          return (
            <section className="card" aria-labelledby="placement-details">
              <h2 id="placement-details">{t('common.details')}</h2>
              <DetailList
                items={[
                  {
                    label: t('placements.resident'),
                    value: (
                      <Link to={`/residents/${placement.residentId}`}>
                        <PersonName name={placement.residentName} culled={placement.residentCulled} />
                      </Link>
                    ),
                  },
                  {
                    label: t('placements.apartment'),
                    value: <Link to={`/apartments/${placement.apartmentId}`}>{placement.apartmentAddress}</Link>,
                  },
                  { label: t('placements.status'), value: <PlacementStatus placement={placement} /> },
                  {
                    label: t('placements.ocrReference'),
                    value: placement.ocrReference ? <span className="ocr-inline">{placement.ocrReference}</span> : null,
                    testId: 'placement-ocr',
                  },
                  { label: t('placements.startDate'), value: placement.startDate },
                  { label: t('placements.endDate'), value: placement.endDate ?? t('placements.untilFurther') },
                  { label: t('placements.endReason'), value: labels.endReason(placement.endReason) },
                  { label: t('placements.endNote'), value: placement.endNote },
                  { label: t('placements.leaseForm'), value: labels.leaseForm(placement.leaseForm) },
                  {
                    label: t('placements.monthlyRentShort'),
                    value:
                      rent !== null ? (
                        <>
                          {money(rent)}
                          {placement.monthlyRentOre === null ? (
                            <span className="muted"> ({t('placements.rentApartments').toLowerCase()})</span>
                          ) : null}
                        </>
                      ) : null,
                  },
                  { label: t('placements.dailyFee'), value: money(placement.dailyFeeOre) },
                  {
                    label: t('placements.rentIncludedInDailyFee'),
                    value: placement.rentIncludedInDailyFee ? t('common.yes') : t('common.no'),
                  },
                  { label: t('placements.rentAllowance'), value: money(placement.rentAllowanceOre) },
                  {
                    label: t('placements.residentPaysRent'),
                    value: placement.residentPaysRent === false ? t('common.no') : t('common.yes'),
                  },
                  {
                    label: t('placements.agreedDueDay'),
                    value: placement.agreedDueDay
                      ? t('placements.agreedDueDayValue', { day: ordinalDay(placement.agreedDueDay, labels.locale) })
                      : t('placements.statutoryDueDay'),
                  },
                ]}
              />
            </section>
          );
        }}
      </LoadState>
    </Page>
  );
}
