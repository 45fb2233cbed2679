import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

// A culled person (gallrad, docs/culling.md) stays in old lists and the statistics by id but has no name left: the API
// sends an empty name and a culled flag, and every list shows the same stand-in instead of a blank cell.

/** The name as text (for titles, sentences and sorting): "Gallrad person" / "Culled person" when culled. */
export function personNameText(t: TFunction, name: string | null | undefined, culled: boolean | undefined): string {
  return culled ? t('culling.culledPerson') : (name ?? '');
}

/** The name, or the stand-in in italics with an explanation on hover. */
export function PersonName({ name, culled }: { name: string | null | undefined; culled?: boolean }) {
  const { t } = useTranslation();
  if (!culled) return <>{name ?? ''}</>;
  return (
    <em className="culled-person" title={t('culling.culledPersonTitle')} data-culled="true">
      {t('culling.culledPerson')}
    </em>
  );
}
