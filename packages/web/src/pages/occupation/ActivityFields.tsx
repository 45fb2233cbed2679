import { useTranslation } from 'react-i18next';
import { SelectField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { useOccupationLabels } from './labels.ts';

type ActivityField = 'name' | 'kind' | 'organiser' | 'place' | 'description';

/** What useForm's text() gives for one field. */
type Bound = { id: string; value: string; onChange: (value: string) => void; error: string | undefined };

/** The fields of an activity, shared by the new-activity form and the edit form. */
export function ActivityFields({ bind }: { bind: (name: ActivityField) => Bound }) {
  const { t } = useTranslation();
  const labels = useOccupationLabels();
  return (
    <>
      <TextField {...bind('name')} label={t('occupation.activity.name')} hint={t('occupation.activity.nameHint')} />
      <div className="grid-2">
        <SelectField
          {...bind('kind')}
          label={t('occupation.activity.kind')}
          placeholder={t('occupation.activity.chooseKind')}
          options={labels.activityKindOptions}
        />
        <SelectField {...bind('organiser')} label={t('occupation.activity.organiser')} options={labels.organiserOptions} />
      </div>
      <TextField {...bind('place')} label={t('occupation.activity.place')} optional />
      <TextAreaField {...bind('description')} label={t('occupation.activity.description')} optional rows={2} />
    </>
  );
}
