import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { statsApi, type Count } from '../../api/stats.ts';
import { LoadState } from '../../components/LoadState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { percent } from './format.ts';
import { CountCell, isAvailable, NotAvailable, ShareCell } from './StatsShared.tsx';

interface Row {
  key: string;
  label: ReactNode;
  numerator: Count;
  total: Count;
  share: number | null;
}

/** Risk phases: each share beside the counts it rests on, so that 1 of 2 is not read as 50 % of many. */
export function RiskSection({ unitId, from, to }: { unitId: string; from: string; to: string }) {
  const { t, i18n } = useTranslation();
  const risk = useLoad((signal) => statsApi.risk({ unitId, from, to }, signal), [unitId, from, to]);
  const monthName = (n: number) =>
    new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'sv-SE', { month: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2001, n - 1, 1)),
    );

  return (
    <section className="card stats-section" aria-labelledby="risk-heading">
      <h2 id="risk-heading">{t('stats.risk.heading')}</h2>
      <p className="muted">{t('stats.risk.intro')}</p>
      <p className="muted small">{t('stats.period', { from, to })}</p>
      <LoadState {...risk}>
        {(data) =>
          !isAvailable(data) ? (
            <NotAvailable />
          ) : (
            <div className="stats-grid">
              <RiskTable
                testId="risk-tenure"
                heading={t('stats.risk.tenure')}
                caption={t('stats.risk.tenureCaption')}
                firstColumn={t('stats.risk.bucket')}
                numeratorLabel={t('stats.risk.lateOrUnpaid')}
                rows={data.byTenure.map((r) => ({
                  key: r.bucket,
                  label: t(`stats.risk.buckets.${r.bucket}`, { defaultValue: r.bucket }),
                  numerator: r.lateOrUnpaid,
                  total: r.total,
                  share: r.share,
                }))}
              />
              <RiskTable
                testId="risk-calendar"
                heading={t('stats.risk.calendar')}
                caption={t('stats.risk.calendarCaption')}
                firstColumn={t('stats.risk.calendarMonth')}
                numeratorLabel={t('stats.risk.lateOrUnpaid')}
                rows={data.byCalendarMonth.map((r) => ({
                  key: String(r.calendarMonth),
                  label: monthName(r.calendarMonth),
                  numerator: r.lateOrUnpaid,
                  total: r.total,
                  share: r.share,
                }))}
              />
              <RiskTable
                testId="risk-transitions"
                heading={t('stats.risk.transitions')}
                caption={t('stats.risk.transitionsCaption')}
                firstColumn={t('stats.risk.after')}
                numeratorLabel={t('stats.risk.unpaidNext')}
                rows={[
                  { key: 'after-late', label: t('stats.risk.afterLate'), ...pick(data.transitions.afterLate) },
                  { key: 'after-on-time', label: t('stats.risk.afterOnTime'), ...pick(data.transitions.afterOnTime) },
                ]}
              />
            </div>
          )
        }
      </LoadState>
    </section>
  );
}

function pick(f: { unpaid: Count; total: Count; share: number | null }) {
  return { numerator: f.unpaid, total: f.total, share: f.share };
}

function RiskTable(props: { testId: string; heading: string; caption: string; firstColumn: string; numeratorLabel: string; rows: Row[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="stats-risk">
      <h3>{props.heading}</h3>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={props.caption}>
        <table className="table" data-testid={props.testId}>
          <caption className="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{props.firstColumn}</th>
              <th scope="col" className="numeric">
                {props.numeratorLabel}
              </th>
              <th scope="col" className="numeric">
                {t('stats.risk.months')}
              </th>
              <th scope="col" className="numeric">
                {t('stats.share')}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="numeric">
                  <CountCell value={r.numerator} />
                </td>
                <td className="numeric">
                  <CountCell value={r.total} />
                </td>
                <td className="numeric">
                  <ShareCell text={percent(r.share, i18n.language)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
