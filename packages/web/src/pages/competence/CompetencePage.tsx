import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { competenceApi, type Course, type RoundSummary } from '../../api/competence.ts';
import type { Role } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { CheckboxGroup, SelectField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice, Page } from '../../components/Page.tsx';
import { describeError } from '../../components/describeError.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { ROLES, rolesText } from './labels.ts';
import './competence.css';

/** "Kompetens": the organisation's course catalogue and course rounds (admins and managers). */
export function CompetencePage() {
  const { t } = useTranslation();
  const courses = useLoad((signal) => competenceApi.courses(signal), []);
  const rounds = useLoad((signal) => competenceApi.rounds(signal), []);
  return (
    <Page
      title={t('competence.title')}
      actions={
        <Link className="button button-secondary" to="/competence/coverage">
          {t('competence.toCoverage')}
        </Link>
      }
    >
      <div className="stack">
        <p className="muted">{t('competence.intro')}</p>
        <section className="card" aria-labelledby="competence-courses">
          <h2 id="competence-courses">{t('competence.courses.heading')}</h2>
          <LoadState {...courses}>
            {(data) => (
              <DataTable<Course>
                caption={t('competence.courses.heading')}
                rows={data.items}
                rowKey={(c) => c.id}
                testId="competence-courses"
                empty={t('competence.courses.none')}
                columns={[
                  { key: 'name', label: t('competence.courses.name'), render: (c) => c.name },
                  {
                    key: 'validity',
                    label: t('competence.courses.validity'),
                    render: (c) =>
                      c.validityMonths === null ? t('competence.courses.forever') : t('competence.courses.months', { n: c.validityMonths }),
                  },
                  { key: 'required', label: t('competence.courses.required'), render: (c) => rolesText(t, c.requiredRoles) },
                  { key: 'rounds', label: t('competence.courses.rounds'), render: (c) => c.rounds ?? 0 },
                ]}
              />
            )}
          </LoadState>
          <CourseForm onSaved={() => courses.reload()} />
        </section>
        <section className="card" aria-labelledby="competence-rounds">
          <h2 id="competence-rounds">{t('competence.rounds.heading')}</h2>
          <LoadState {...rounds}>
            {(data) => (
              <DataTable<RoundSummary>
                caption={t('competence.rounds.heading')}
                rows={data.items}
                rowKey={(r) => r.id}
                testId="competence-rounds"
                empty={t('competence.rounds.none')}
                columns={[
                  {
                    key: 'course',
                    label: t('competence.rounds.course'),
                    render: (r) => <Link to={`/competence/rounds/${r.id}`}>{r.courseName}</Link>,
                  },
                  {
                    key: 'dates',
                    label: t('competence.rounds.dates'),
                    render: (r) => (r.firstDate === r.lastDate ? (r.firstDate ?? '–') : `${r.firstDate} – ${r.lastDate}`),
                  },
                  { key: 'place', label: t('competence.rounds.place'), render: (r) => r.place },
                  {
                    key: 'seats',
                    label: t('competence.rounds.seats'),
                    render: (r) => (r.status === 'cancelled' ? t('competence.rounds.cancelled') : `${r.taken}/${r.capacity}`),
                  },
                  { key: 'waiting', label: t('competence.rounds.waiting'), render: (r) => r.waiting },
                ]}
              />
            )}
          </LoadState>
          {courses.data ? (
            <RoundForm
              courses={courses.data.items}
              onSaved={() => {
                rounds.reload();
                courses.reload();
              }}
            />
          ) : null}
        </section>
      </div>
    </Page>
  );
}

function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldMessage(field) : undefined;
}

function CourseForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [validity, setValidity] = useState('');
  const [attendance, setAttendance] = useState('80');
  const [roles, setRoles] = useState<string[]>(['caseworker']);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await competenceApi.createCourse({
        name,
        description: description.trim() || null,
        validityMonths: validity.trim() === '' ? null : Number(validity),
        requiredAttendancePercent: Number(attendance),
        requiredRoles: roles as Role[],
        requiredUnitIds: [],
      });
      setName('');
      setDescription('');
      setValidity('');
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="stack competence-form" onSubmit={(e) => void submit(e)} aria-labelledby="competence-new-course">
      <h3 id="competence-new-course">{t('competence.courses.add')}</h3>
      {error ? <ErrorBox>{describeError(t, error)}</ErrorBox> : null}
      {saved ? <Notice>{t('competence.courses.saved')}</Notice> : null}
      <TextField id="course-name" label={t('competence.courses.name')} value={name} onChange={setName} error={fieldError(error, 'name')} />
      <TextAreaField
        id="course-description"
        label={t('competence.courses.description')}
        optional
        value={description}
        onChange={setDescription}
        rows={2}
        error={fieldError(error, 'description')}
      />
      <div className="grid-2">
        <TextField
          id="course-validity"
          label={t('competence.courses.validityMonths')}
          hint={t('competence.courses.validityHint')}
          optional
          type="number"
          width="short"
          value={validity}
          onChange={setValidity}
          error={fieldError(error, 'validityMonths')}
        />
        <TextField
          id="course-attendance"
          label={t('competence.courses.attendance')}
          type="number"
          width="short"
          min={0}
          max={100}
          value={attendance}
          onChange={setAttendance}
          error={fieldError(error, 'requiredAttendancePercent')}
        />
      </div>
      <CheckboxGroup
        id="course-roles"
        label={t('competence.courses.requiredRoles')}
        value={roles}
        onChange={setRoles}
        options={ROLES.map((r) => ({ value: r, label: t(`competence.roles.${r}`) }))}
      />
      <div>
        <button type="submit" className="button">
          {t('competence.courses.save')}
        </button>
      </div>
    </form>
  );
}

function RoundForm({ courses, onSaved }: { courses: Course[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const [courseId, setCourseId] = useState('');
  const [place, setPlace] = useState('');
  const [teachers, setTeachers] = useState('');
  const [capacity, setCapacity] = useState('12');
  const [dates, setDates] = useState('');
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const sessions = dates
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter(Boolean)
        .map((date) => ({ date }));
      await competenceApi.createRound({ courseId, place, teachers, capacity: Number(capacity), sessions });
      setPlace('');
      setTeachers('');
      setDates('');
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  const sessionsError =
    fieldError(error, 'sessions') ??
    (error instanceof ApiError ? error.fields.find((f) => f.field.startsWith('sessions.'))?.message : undefined);
  return (
    <form className="stack competence-form" onSubmit={(e) => void submit(e)} aria-labelledby="competence-new-round">
      <h3 id="competence-new-round">{t('competence.rounds.add')}</h3>
      {error ? <ErrorBox>{describeError(t, error)}</ErrorBox> : null}
      <SelectField
        id="round-course"
        label={t('competence.rounds.course')}
        value={courseId}
        onChange={setCourseId}
        placeholder={t('competence.rounds.chooseCourse')}
        options={courses.filter((c) => c.active).map((c) => ({ value: c.id, label: c.name }))}
        error={fieldError(error, 'courseId')}
      />
      <div className="grid-2">
        <TextField
          id="round-place"
          label={t('competence.rounds.place')}
          value={place}
          onChange={setPlace}
          error={fieldError(error, 'place')}
        />
        <TextField
          id="round-teachers"
          label={t('competence.rounds.teachers')}
          value={teachers}
          onChange={setTeachers}
          error={fieldError(error, 'teachers')}
        />
      </div>
      <TextField
        id="round-capacity"
        label={t('competence.rounds.capacity')}
        type="number"
        width="short"
        min={1}
        value={capacity}
        onChange={setCapacity}
        error={fieldError(error, 'capacity')}
      />
      <TextAreaField
        id="round-sessions"
        label={t('competence.rounds.sessions')}
        hint={t('competence.rounds.sessionsHint')}
        value={dates}
        onChange={setDates}
        rows={3}
        error={sessionsError}
      />
      <div>
        <button type="submit" className="button">
          {t('competence.rounds.save')}
        </button>
      </div>
    </form>
  );
}
