import { useTranslation } from 'react-i18next';
import type { Task } from '../../api/types.ts';

/**
 * A task's state in words and colour (never colour alone): Försenad / Öppen / Klar, and "Betald under tiden"
 * when the month was paid after the task was made.
 */
export function TaskStatusTags({ task }: { task: Pick<Task, 'status' | 'overdue' | 'paidMeanwhileOn'> }) {
  const { t } = useTranslation();
  const state = task.status === 'done' ? 'done' : task.overdue ? 'overdue' : 'open';
  return (
    <>
      <span className={`tag tag-status tag-task-${state}`} data-task-status={state}>
        <span className="tag-symbol" aria-hidden="true">
          {state === 'done' ? '✓' : state === 'overdue' ? '!' : '○'}
        </span>
        {state === 'done' ? t('tasks.done') : state === 'overdue' ? t('tasks.overdue') : t('tasks.openStatus')}
      </span>
      {task.paidMeanwhileOn ? (
        <span className="tag tag-status tag-paid-meanwhile" data-testid="paid-meanwhile">
          <span className="tag-symbol" aria-hidden="true">
            ✓
          </span>
          {t('tasks.paidMeanwhile')}
        </span>
      ) : null}
    </>
  );
}
