import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { competenceApi, type Enrolment, type OrganisationKind, type Round } from '../../api/competence.ts';
import { unitsApi } from '../../api/units.ts';
import type { StaffMember } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { RadioGroup, SelectField, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice, Page } from '../../components/Page.tsx';
import { describeError } from '../../components/describeError.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useSession } from '../../session/SessionContext.tsx';
import './competence.css';

const KINDS: readonly OrganisationKind[] = ['county_council', 'ngo', 'private_provider', 'municipality'];

/** One course round: enrol (seat or waiting list), cancel, attendance per session, completion. */
export function RoundPage() {
  const { t } = useTranslation();
  const { roundId = '' } = useParams();
  const round = useLoad((signal) => competenceApi.round(roundId, signal), [roundId]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const act = async (fn: () => Promise<string>) => {
    setError(null);
    setMessage(null);
    try {
      setMessage(await fn());
      round.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Page
      title={round.data ? round.data.courseName : t('competence.round.title')}
      kicker={t('competence.round.title')}
      actions={
        <Link className="button button-secondary" to="/competence">
          {t('competence.toCatalogue')}
        </Link>
      }
    >
      <LoadState {...round}>
        {(r) => {
          const taken = r.enrolments.filter((e) => e.status === 'enrolled' || e.status === 'completed').length;
          const waiting = r.enrolments.filter((e) => e.status === 'waiting').length;
          return (
            <div className="stack" data-testid="competence-round">
              <p>
                {r.place} · {r.teachers} · {r.sessions.map((s) => s.date).join(', ')}
              </p>
              <p data-testid="round-seats">
                <strong>{t('competence.round.seatsTaken', { taken, capacity: r.capacity, waiting })}</strong>
              </p>
              <p className="muted">{t('competence.round.attendanceRequired', { n: r.requiredAttendancePercent })}</p>
              {message ? <Notice>{message}</Notice> : null}
              {error ? <ErrorBox>{describeError(t, error)}</ErrorBox> : null}
              <EnrolForm round={r} onEnrolled={(text) => void act(async () => text)} />
              <Participants round={r} act={act} />
              <AttendanceGrid round={r} act={act} />
            </div>
          );
        }}
      </LoadState>
    </Page>
  );
}

function EnrolForm({ round, onEnrolled }: { round: Round; onEnrolled: (message: string) => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [kind, setKind] = useState<'staff' | 'external'>('staff');
  const [userId, setUserId] = useState('');
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [organisationKind, setOrganisationKind] = useState<OrganisationKind>('county_council');
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    const units = me?.units ?? [];
    void Promise.all(units.map((u) => unitsApi.staff(u.id, controller.signal).catch(() => [] as StaffMember[]))).then((lists) => {
      const seen = new Map<string, StaffMember>();
      for (const s of lists.flat()) seen.set(s.id, s);
      setStaff([...seen.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'sv')));
    });
    return () => controller.abort();
  }, [me]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const body = kind === 'staff' ? { userId } : { name, organisation, organisationKind };
      const r = await competenceApi.enrol(round.id, body);
      const who = kind === 'staff' ? (staff.find((s) => s.id === userId)?.displayName ?? '') : name;
      setUserId('');
      setName('');
      setOrganisation('');
      onEnrolled(
        r.status === 'waiting'
          ? t('competence.round.waitingListed', { name: who, n: r.waitingNumber ?? 0 })
          : t('competence.round.enrolled', { name: who }),
      );
    } catch (e) {
      setError(e);
    }
  };
  const fe = (f: string) => (error instanceof ApiError ? error.fieldMessage(f) : undefined);
  if (round.status === 'cancelled') return null;
  return (
    <section className="card" aria-labelledby="round-enrol">
      <h2 id="round-enrol">{t('competence.round.enrolHeading')}</h2>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        {error ? <ErrorBox>{describeError(t, error)}</ErrorBox> : null}
        <RadioGroup
          id="enrol-kind"
          label={t('competence.round.who')}
          inline
          value={kind}
          onChange={(v) => setKind(v as 'staff' | 'external')}
          options={[
            { value: 'staff', label: t('competence.round.staffMember') },
            { value: 'external', label: t('competence.round.external') },
          ]}
        />
        {kind === 'staff' ? (
          <SelectField
            id="enrol-user"
            label={t('competence.round.staffMember')}
            value={userId}
            onChange={setUserId}
            placeholder={t('competence.round.chooseStaff')}
            options={staff.map((s) => ({ value: s.id, label: s.displayName }))}
            error={fe('userId')}
          />
        ) : (
          <div className="grid-3">
            <TextField id="enrol-name" label={t('competence.round.personName')} value={name} onChange={setName} error={fe('name')} />
            <TextField
              id="enrol-organisation"
              label={t('competence.round.organisation')}
              value={organisation}
              onChange={setOrganisation}
              error={fe('organisation')}
            />
            <SelectField
              id="enrol-kind-of-organisation"
              label={t('competence.round.organisationKind')}
              value={organisationKind}
              onChange={(v) => setOrganisationKind(v as OrganisationKind)}
              options={KINDS.map((k) => ({ value: k, label: t(`competence.kinds.${k}`) }))}
            />
          </div>
        )}
        <div>
          <button type="submit" className="button">
            {t('competence.round.enrol')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Participants({ round, act }: { round: Round; act: (fn: () => Promise<string>) => Promise<void> }) {
  const { t } = useTranslation();
  const rows = [...round.enrolments].sort(
    (a, b) => order(a) - order(b) || (a.waitingNumber ?? 0) - (b.waitingNumber ?? 0) || a.position - b.position,
  );
  return (
    <section className="card" aria-labelledby="round-participants">
      <h2 id="round-participants">{t('competence.round.participants')}</h2>
      <DataTable<Enrolment>
        caption={t('competence.round.participants')}
        rows={rows}
        rowKey={(e) => e.id}
        testId="round-participants"
        rowProps={(e) => ({ 'data-status': e.status, 'data-name': e.name })}
        columns={[
          { key: 'name', label: t('competence.round.name'), render: (e) => e.name },
          {
            key: 'organisation',
            label: t('competence.round.organisation'),
            render: (e) => (e.organisation ? `${e.organisation} (${t(`competence.kinds.${e.organisationKind}`)})` : '–'),
          },
          {
            key: 'status',
            label: t('competence.round.status'),
            render: (e) =>
              e.status === 'waiting'
                ? t('competence.round.waitingNumber', { n: e.waitingNumber ?? 0 })
                : t(`competence.statuses.${e.status}`),
          },
          {
            key: 'attended',
            label: t('competence.round.attended'),
            render: (e) => (e.status === 'enrolled' || e.status === 'completed' ? `${e.attended}/${round.sessions.length}` : '–'),
          },
          {
            key: 'certificate',
            label: t('competence.round.certificate'),
            render: (e) =>
              e.completedOn ? `${e.completedOn}${e.expiresOn ? `, ${t('competence.round.expires', { date: e.expiresOn })}` : ''}` : '–',
          },
          {
            key: 'actions',
            label: '',
            render: (e) =>
              e.status === 'enrolled' || e.status === 'waiting' ? (
                <span className="button-row">
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    aria-label={`${t('competence.round.cancel')} ${e.name}`}
                    onClick={() =>
                      void act(async () => {
                        const r = await competenceApi.cancel(e.id);
                        if (r.promoted.length === 0) return t('competence.round.cancelledOnly');
                        const names = r.promoted.map((id) => round.enrolments.find((x) => x.id === id)?.name ?? '').join(', ');
                        return t('competence.round.cancelledMoved', { n: names });
                      })
                    }
                  >
                    {t('competence.round.cancel')}
                  </button>
                  {e.status === 'enrolled' ? (
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-label={`${t('competence.round.markCompleted')} ${e.name}`}
                      onClick={() =>
                        void act(async () => {
                          const r = await competenceApi.complete(round.id, { enrolmentId: e.id });
                          return t('competence.round.completedN', { n: r.completed.length });
                        })
                      }
                    >
                      {t('competence.round.markCompleted')}
                    </button>
                  ) : null}
                </span>
              ) : null,
          },
        ]}
      />
    </section>
  );
}

function order(e: Enrolment): number {
  return { completed: 0, enrolled: 0, waiting: 1, cancelled: 2 }[e.status];
}

function AttendanceGrid({ round, act }: { round: Round; act: (fn: () => Promise<string>) => Promise<void> }) {
  const { t } = useTranslation();
  const attending = round.enrolments.filter((e) => e.status === 'enrolled' || e.status === 'completed');
  const key = (s: string, e: string) => `${s}|${e}`;
  const [marks, setMarks] = useState<Map<string, boolean>>(
    () => new Map(round.attendance.map((a) => [key(a.sessionId, a.enrolmentId), a.present])),
  );
  useEffect(() => setMarks(new Map(round.attendance.map((a) => [key(a.sessionId, a.enrolmentId), a.present]))), [round]);
  if (round.sessions.length === 0) return <p className="muted">{t('competence.round.noSessions')}</p>;
  const save = () =>
    act(async () => {
      const list = round.sessions.flatMap((s) =>
        attending.map((e) => ({ sessionId: s.id, enrolmentId: e.id, present: marks.get(key(s.id, e.id)) ?? false })),
      );
      await competenceApi.attendance(round.id, list);
      return t('competence.round.attendanceSaved');
    });
  return (
    <section className="card" aria-labelledby="round-attendance">
      <h2 id="round-attendance">{t('competence.round.attendanceHeading')}</h2>
      <div className="table-wrap">
        <table className="table attendance-grid" data-testid="attendance-grid">
          <caption className="visually-hidden">{t('competence.round.attendanceHeading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('competence.round.name')}</th>
              {round.sessions.map((s) => (
                <th scope="col" key={s.id}>
                  {s.date}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {attending.map((e) => (
              <tr key={e.id}>
                <th scope="row">{e.name}</th>
                {round.sessions.map((s) => (
                  <td key={s.id}>
                    <input
                      type="checkbox"
                      aria-label={t('competence.round.present', { name: e.name, date: s.date })}
                      checked={marks.get(key(s.id, e.id)) ?? false}
                      onChange={(ev) => setMarks(new Map(marks).set(key(s.id, e.id), ev.target.checked))}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void save()} disabled={attending.length === 0}>
          {t('competence.round.saveAttendance')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            void act(async () => {
              const r = await competenceApi.complete(round.id, {});
              return t('competence.round.completedN', { n: r.completed.length });
            })
          }
        >
          {t('competence.round.complete')}
        </button>
      </div>
    </section>
  );
}
