import { useEffect, useRef, useState, type FormEvent } from 'react';
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
  const [editing, setEditing] = useState<Course | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  /** Someone else changed the course since the list was loaded (409 STALE_VERSION): say so and reload it. */
  const onStale = (error: unknown) => {
    setStale(describeError(t, error));
    setEditing(null);
    courses.reload();
  };
  const toggleActive = async (course: Course) => {
    setStale(null);
    setNotice(null);
    setActionError(null);
    try {
      await competenceApi.updateCourse(course.id, { version: course.version, active: !course.active });
      setNotice(t(course.active ? 'competence.courses.archived' : 'competence.courses.reactivated', { name: course.name }));
      if (editing?.id === course.id) setEditing(null);
      courses.reload();
    } catch (e) {
      if (isStale(e)) onStale(e);
      else setActionError(e);
    }
  };
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
          {stale ? (
            <ErrorBox title={t('concurrency.staleTitle')}>
              <p data-testid="stale-message">{stale}</p>
            </ErrorBox>
          ) : null}
          {actionError ? <ErrorBox>{describeError(t, actionError)}</ErrorBox> : null}
          {notice ? <Notice>{notice}</Notice> : null}
          <LoadState {...courses}>
            {(data) => (
              <DataTable<Course>
                caption={t('competence.courses.heading')}
                rows={data.items}
                rowKey={(c) => c.id}
                testId="competence-courses"
                empty={t('competence.courses.none')}
                rowProps={(c) => ({ 'data-course': c.name, 'data-active': String(c.active) })}
                columns={[
                  { key: 'name', label: t('competence.courses.name'), render: (c) => c.name },
                  {
                    key: 'status',
                    label: t('competence.courses.status'),
                    render: (c) => (c.active ? t('competence.courses.active') : <strong>{t('competence.courses.archivedTag')}</strong>),
                  },
                  {
                    key: 'validity',
                    label: t('competence.courses.validity'),
                    render: (c) =>
                      c.validityMonths === null ? t('competence.courses.forever') : t('competence.courses.months', { n: c.validityMonths }),
                  },
                  { key: 'required', label: t('competence.courses.required'), render: (c) => rolesText(t, c.requiredRoles) },
                  { key: 'rounds', label: t('competence.courses.rounds'), render: (c) => c.rounds ?? 0 },
                  {
                    key: 'actions',
                    label: t('competence.courses.actions'),
                    render: (c) => (
                      <div className="page-actions">
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          aria-label={t('competence.courses.editLabel', { name: c.name })}
                          onClick={() => {
                            setStale(null);
                            setNotice(null);
                            setEditing(c);
                          }}
                        >
                          {t('competence.courses.edit')}
                        </button>
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          aria-label={t(c.active ? 'competence.courses.archiveLabel' : 'competence.courses.reactivateLabel', {
                            name: c.name,
                          })}
                          onClick={() => void toggleActive(c)}
                        >
                          {t(c.active ? 'competence.courses.archive' : 'competence.courses.reactivate')}
                        </button>
                      </div>
                    ),
                  },
                ]}
              />
            )}
          </LoadState>
          {editing ? (
            <CourseForm
              key={editing.id}
              course={editing}
              onSaved={(saved) => {
                setEditing(null);
                setStale(null);
                setNotice(t('competence.courses.updated', { name: saved.name }));
                courses.reload();
                rounds.reload();
              }}
              onCancel={() => setEditing(null)}
              onStale={onStale}
            />
          ) : (
            <CourseForm onSaved={() => courses.reload()} />
          )}
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

function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === 'STALE_VERSION';
}

interface CourseFormProps {
  /** The course to edit; without it the form adds a new course. */
  course?: Course;
  onSaved: (course: Course) => void;
  onCancel?: () => void;
  onStale?: (error: unknown) => void;
}

/** "Ny kurs", or "Ändra {kurs}" prefilled from a catalogue row (saved with the row's version). */
function CourseForm({ course, onSaved, onCancel, onStale }: CourseFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(course?.name ?? '');
  const [description, setDescription] = useState(course?.description ?? '');
  const [validity, setValidity] = useState(course?.validityMonths == null ? '' : String(course.validityMonths));
  const [attendance, setAttendance] = useState(String(course?.requiredAttendancePercent ?? 80));
  const [roles, setRoles] = useState<string[]>(course ? [...course.requiredRoles] : ['caseworker']);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (course) heading.current?.focus();
  }, [course]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const fields = {
      name,
      description: description.trim() || null,
      validityMonths: validity.trim() === '' ? null : Number(validity),
      requiredAttendancePercent: Number(attendance),
      requiredRoles: roles as Role[],
    };
    try {
      if (course) {
        onSaved(await competenceApi.updateCourse(course.id, { version: course.version, ...fields }));
        return;
      }
      const created = await competenceApi.createCourse({ ...fields, requiredUnitIds: [] });
      setName('');
      setDescription('');
      setValidity('');
      setSaved(true);
      onSaved(created);
    } catch (e) {
      if (course && onStale && isStale(e)) onStale(e);
      else setError(e);
    }
  };
  const prefix = course ? 'course-edit' : 'course';
  const headingId = course ? 'competence-edit-course' : 'competence-new-course';
  return (
    <form className="stack competence-form" onSubmit={(e) => void submit(e)} aria-labelledby={headingId}>
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        {course ? t('competence.courses.editHeading', { name: course.name }) : t('competence.courses.add')}
      </h3>
      {error ? <ErrorBox>{describeError(t, error)}</ErrorBox> : null}
      {saved ? <Notice>{t('competence.courses.saved')}</Notice> : null}
      <TextField
        id={`${prefix}-name`}
        label={t('competence.courses.name')}
        value={name}
        onChange={setName}
        error={fieldError(error, 'name')}
      />
      <TextAreaField
        id={`${prefix}-description`}
        label={t('competence.courses.description')}
        optional
        value={description}
        onChange={setDescription}
        rows={2}
        error={fieldError(error, 'description')}
      />
      <div className="grid-2">
        <TextField
          id={`${prefix}-validity`}
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
          id={`${prefix}-attendance`}
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
        id={`${prefix}-roles`}
        label={t('competence.courses.requiredRoles')}
        value={roles}
        onChange={setRoles}
        options={ROLES.map((r) => ({ value: r, label: t(`competence.roles.${r}`) }))}
      />
      <div className="page-actions">
        <button type="submit" className="button">
          {course ? t('competence.courses.saveChanges') : t('competence.courses.save')}
        </button>
        {course && onCancel ? (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('competence.courses.cancelEdit')}
          </button>
        ) : null}
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
