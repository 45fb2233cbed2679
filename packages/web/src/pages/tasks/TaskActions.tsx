import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { followupApi } from '../../api/followup.ts';
import type { StaffMember, Task } from '../../api/types.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { SelectField, TextAreaField } from '../../components/Fields.tsx';
import { Notice } from '../../components/Page.tsx';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';

interface Props {
  task: Task;
  onChanged: () => void;
}

/**
 * "Markera som klar" with what came of it. The page tells the result at its top (onDone): the task's state
 * is what changed. A done task can be opened again, with why, behind a disclosure.
 */
export function CompleteTask({ task, onDone }: { task: Task; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const form = useForm({ outcome: '', reason: '' }, 'task');
  const open = task.status === 'open';

  const validate = (v: typeof form.values): FieldErrors => {
    if (open && !v.outcome.trim()) return { outcome: t('errors.required', { field: t('task.outcomeLabel').toLowerCase() }) };
    if (!open && !v.reason.trim()) return { reason: t('errors.required', { field: t('task.reopenReason').toLowerCase() }) };
    return {};
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    if (open) await followupApi.complete(task.id, task.version, v.outcome.trim());
    else await followupApi.reopen(task.id, task.version, v.reason.trim());
    form.setValues({ outcome: '', reason: '' });
    onDone(open ? t('task.completed') : t('task.reopened'));
  });

  if (!open) {
    return (
      <details className="task-action task-reopen" data-testid="reopen-task-form">
        <summary>{t('task.reopen')}</summary>
        <ErrorSummary {...form.summary} />
        <form onSubmit={onSubmit} noValidate>
          <TextAreaField {...form.text('reason')} label={t('task.reopenReason')} rows={2} />
          <div className="form-actions">
            <button type="submit" className="button button-secondary" disabled={form.submitting} aria-disabled={form.submitting}>
              {form.submitting ? t('app.saving') : t('task.reopen')}
            </button>
          </div>
        </form>
      </details>
    );
  }

  return (
    <div className="task-action" data-testid="complete-task-form">
      <h3>{t('task.complete')}</h3>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <TextAreaField {...form.text('outcome')} label={t('task.outcomeLabel')} hint={t('task.outcomeHint')} rows={3} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting} aria-disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('task.complete')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** Give the task to someone else in the unit (analysts see only figures and never get tasks). */
export function ReassignTask({ task, staff, onChanged }: { task: Task; staff: StaffMember[]; onChanged: (message: string) => void }) {
  const { t } = useTranslation();
  const form = useForm({ assigneeId: '' }, 'reassign');
  const options = staff
    .filter((s) => s.role !== 'analyst')
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'sv'))
    .map((s) => ({ value: s.id, label: s.displayName }));

  const validate = (v: typeof form.values): FieldErrors => {
    if (!v.assigneeId) return { assigneeId: t('task.chooseAssignee') };
    if (v.assigneeId === task.assigneeId) return { assigneeId: t('task.sameAssignee') };
    return {};
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    await followupApi.reassign(task.id, task.version, v.assigneeId);
    const name = staff.find((s) => s.id === v.assigneeId)?.displayName ?? '';
    form.setValues({ assigneeId: '' });
    onChanged(t('task.reassigned', { name }));
  });

  return (
    <div className="task-action" data-testid="reassign-form">
      <h3>{t('task.reassign')}</h3>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <SelectField
          {...form.text('assigneeId')}
          label={t('task.newAssignee')}
          hint={`${t('task.assignee')}: ${task.assigneeName ?? t('tasks.unassigned')}`}
          options={options}
          placeholder={t('common.choose')}
          width="medium"
        />
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={form.submitting} aria-disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('task.reassignSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}

export function CommentOnTask({ task, onChanged }: Props) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm({ text: '' }, 'comment');

  const validate = (v: typeof form.values): FieldErrors =>
    v.text.trim() ? {} : { text: t('errors.required', { field: t('task.comment').toLowerCase() }) };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    setSaved(null);
    await followupApi.comment(task.id, v.text.trim());
    form.setValues({ text: '' });
    setSaved(t('task.commented'));
    onChanged();
  });

  return (
    <div className="task-action" data-testid="comment-form">
      <h3>{t('task.commentTitle')}</h3>
      {saved ? <Notice>{saved}</Notice> : null}
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <TextAreaField {...form.text('text')} label={t('task.comment')} hint={t('residents.noteHint')} rows={3} />
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={form.submitting} aria-disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('task.commentSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}
