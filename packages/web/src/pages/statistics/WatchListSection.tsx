import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { statsApi } from '../../api/stats.ts';
import { LoadState } from '../../components/LoadState.tsx';
import { MonthStatusTag } from '../../components/MonthStatusTag.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { isAvailable, NotAvailable } from './StatsShared.tsx';
import { PersonName } from '../../components/PersonName.tsx';

/** Staff only: residents whose pattern is getting worse, with the rule that put them there shown above. */
export function WatchListSection({ unitId }: { unitId: string }) {
  const { t, i18n } = useTranslation();
  const list = useLoad((signal) => statsApi.watchList(unitId, signal), [unitId]);
  const locale = i18n.language === 'en' ? 'en' : 'sv';
  const reasonText = (reason: string) => {
    const key = `stats.watch.reasonLabels.${reason}`;
    return i18n.exists(key) ? t(key as 'stats.watch.reasonLabels.two_of_three') : reason;
  };

  return (
    <section className="card stats-section" aria-labelledby="watch-heading" data-testid="watch-list">
      <h2 id="watch-heading">{t('stats.watch.heading')}</h2>
      <p className="muted">{t('stats.watch.intro')}</p>
      <LoadState {...list}>
        {(data) =>
          !isAvailable(data) ? (
            <NotAvailable />
          ) : (
            <>
              <p className="watch-rule" data-testid="watch-rule">
                <strong>{t('stats.watch.rule')}:</strong> {data.rule[locale]}
              </p>
              {data.items.length === 0 ? (
                <p className="empty">{t('stats.watch.empty')}</p>
              ) : (
                <div className="table-wrap" tabIndex={0} role="region" aria-label={t('stats.watch.caption')}>
                  <table className="table table-stack">
                    <caption className="visually-hidden">{t('stats.watch.caption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('stats.watch.name')}</th>
                        <th scope="col">{t('stats.watch.reasons')}</th>
                        <th scope="col">{t('stats.watch.lastMonths')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((item) => (
                        <tr key={`${item.residentId}-${item.placementId}`} data-resident-id={item.residentId}>
                          <td data-label={t('stats.watch.name')}>
                            <Link to={`/residents/${item.residentId}`}>
                              <PersonName name={item.name} culled={item.culled} />
                            </Link>
                          </td>
                          <td data-label={t('stats.watch.reasons')}>
                            <ul className="plain-list">
                              {item.reasons.map((reason) => (
                                <li key={reason}>{reasonText(reason)}</li>
                              ))}
                            </ul>
                          </td>
                          <td data-label={t('stats.watch.lastMonths')}>
                            <span className="status-row">
                              {item.lastMonths.map((status, i) => (
                                <MonthStatusTag key={i} status={status} />
                              ))}
                            </span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )
        }
      </LoadState>
    </section>
  );
}
