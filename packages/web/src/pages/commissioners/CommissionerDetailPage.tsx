import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { commissionersApi } from '../../api/commissioners.ts';
import { DetailList } from '../../components/DetailList.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { useFlash } from '../../hooks/useFlash.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';

export function CommissionerDetailPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { id = '' } = useParams();
  const flashMessage = useFlash();
  const result = useLoad((signal) => commissionersApi.get(id, signal), [id]);

  return (
    <Page
      title={result.data?.name ?? t('commissioners.title')}
      kicker={result.data ? t('residents.commissioner') : undefined}
      actions={
        result.data ? (
          <Link className="button button-secondary" to={`/commissioners/${id}/edit`}>
            {t('common.edit')}
          </Link>
        ) : null
      }
    >
      {flashMessage ? <Notice>{flashMessage}</Notice> : null}
      <LoadState {...result}>
        {(c) => (
          <section className="card" aria-labelledby="commissioner-details">
            <h2 id="commissioner-details">{t('common.details')}</h2>
            <DetailList
              items={[
                { label: t('commissioners.kind'), value: labels.commissionerKind(c.kind) },
                { label: t('commissioners.contactName'), value: c.contactName },
                { label: t('commissioners.phone'), value: c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : null },
                { label: t('commissioners.email'), value: c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : null },
                { label: t('commissioners.address'), value: c.address },
              ]}
            />
          </section>
        )}
      </LoadState>
    </Page>
  );
}
