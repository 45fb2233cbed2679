import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { letterUrls } from '../../api/followup.ts';
import type { UnitMembership } from '../../api/types.ts';
import { SelectField, TextField } from '../../components/Fields.tsx';
import { currentMonth, isMonth } from '../../format.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { PdfLink } from '../../components/PdfLink.tsx';

/**
 * "Påminnelsebrev för månad": the month's reminder letters as one PDF (one letter a page), for printing on the
 * 1st. The link follows the fields, so there is nothing to submit: the PDF opens in a new tab.
 */
export function MonthLetters({ units }: { units: UnitMembership[] }) {
  const { t } = useTranslation();
  const { unit } = useSession();
  const [month, setMonth] = useState(currentMonth());
  const [unitId, setUnitId] = useState((units.find((u) => u.id === unit?.id) ?? units[0])?.id ?? '');
  const valid = isMonth(month);
  const chosen = units.find((u) => u.id === unitId);

  return (
    <div className="month-letters" data-testid="month-letters">
      <p>{t('followup.lettersIntro')}</p>
      <div className="field-row">
        <TextField
          id="letters-month"
          label={t('followup.lettersMonth')}
          hint={t('followup.lettersMonthHint')}
          value={month}
          onChange={setMonth}
          error={month && !valid ? t('errors.invalidMonth') : undefined}
          width="short"
          inputMode="numeric"
        />
        {units.length > 1 ? (
          <SelectField
            id="letters-unit"
            label={t('followup.lettersUnit')}
            value={unitId}
            onChange={setUnitId}
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            width="medium"
          />
        ) : null}
      </div>
      {valid && chosen ? (
        <PdfLink href={letterUrls.monthReminders(chosen.id, month)} label={t('followup.lettersOpen')} testId="month-letters-link" />
      ) : null}
    </div>
  );
}
