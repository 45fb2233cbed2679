import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { landlordsApi } from '../../api/landlords.ts';
import type { Contact, Landlord } from '../../api/types.ts';
import { DetailList } from '../../components/DetailList.tsx';
import { describeError } from '../../components/describeError.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice, Page } from '../../components/Page.tsx';
import { useFlash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { looksLikeEmail, optionalText } from '../../format.ts';
import { useMe } from '../../session/SessionContext.tsx';
import { ApiKeysSection, PortalAccountsSection } from './LandlordAccess.tsx';

export function LandlordDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const flashMessage = useFlash();
  const result = useLoad((signal) => landlordsApi.get(id, signal), [id]);

  return (
    <Page
      title={result.data?.name ?? t('landlords.title')}
      kicker={result.data ? t('apartments.landlord') : undefined}
      actions={
        result.data ? (
          <Link className="button button-secondary" to={`/landlords/${id}/edit`}>
            {t('common.edit')}
          </Link>
        ) : null
      }
    >
      {flashMessage ? <Notice>{flashMessage}</Notice> : null}
      <LoadState {...result}>{(landlord) => <LandlordDetails landlord={landlord} reload={result.reload} />}</LoadState>
    </Page>
  );
}

function LandlordDetails({ landlord, reload }: { landlord: Landlord; reload: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <div className="stack">
      <section className="card" aria-labelledby="landlord-details">
        <h2 id="landlord-details">{t('common.details')}</h2>
        <DetailList
          items={[
            { label: t('landlords.organisationNumber'), value: landlord.organisationNumber },
            { label: t('landlords.phone'), value: landlord.phone ? <a href={`tel:${landlord.phone}`}>{landlord.phone}</a> : null },
            { label: t('landlords.email'), value: landlord.email ? <a href={`mailto:${landlord.email}`}>{landlord.email}</a> : null },
            { label: t('landlords.address'), value: landlord.address },
            { label: t('landlords.notes'), value: landlord.notes ? <span className="pre-line">{landlord.notes}</span> : null },
          ]}
        />
      </section>
      <Contacts landlord={landlord} reload={reload} />
      {me.isAdmin ? (
        <>
          <PortalAccountsSection landlord={landlord} />
          <ApiKeysSection landlord={landlord} />
        </>
      ) : null}
    </div>
  );
}

function Contacts({ landlord, reload }: { landlord: Landlord; reload: () => void }) {
  const { t } = useTranslation();
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const form = useForm({ name: '', title: '', phone: '', email: '' }, 'contact');

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.name.trim()) errors.name = t('errors.required', { field: t('landlords.contactName').toLowerCase() });
    if (v.email.trim() && !looksLikeEmail(v.email)) errors.email = t('errors.invalidEmail');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const contact = await landlordsApi.addContact(landlord.id, {
      name: v.name.trim(),
      title: optionalText(v.title),
      phone: optionalText(v.phone),
      email: optionalText(v.email),
    });
    form.setValues({ name: '', title: '', phone: '', email: '' });
    setAdded(t('common.created', { name: contact?.name ?? v.name.trim() }));
    reload();
  });

  const remove = async (contact: Contact) => {
    if (!window.confirm(t('landlords.confirmRemove', { name: contact.name }))) return;
    setRemoveError(null);
    try {
      await landlordsApi.removeContact(landlord.id, contact.id);
      reload();
    } catch (error) {
      setRemoveError(describeError(t, error));
    }
  };

  return (
    <section className="card" aria-labelledby="landlord-contacts">
      <h2 id="landlord-contacts">{t('landlords.contacts')}</h2>
      {removeError ? <ErrorBox>{removeError}</ErrorBox> : null}
      {landlord.contacts.length === 0 ? (
        <p className="empty">{t('landlords.noContacts')}</p>
      ) : (
        <ul className="contact-list">
          {landlord.contacts.map((contact) => (
            <li key={contact.id} className="contact">
              <div>
                <p className="contact-name">{contact.name}</p>
                {contact.title ? <p className="muted">{contact.title}</p> : null}
                <p className="contact-lines">
                  {contact.phone ? <a href={`tel:${contact.phone}`}>{contact.phone}</a> : null}
                  {contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : null}
                </p>
              </div>
              <button type="button" className="button button-quiet" onClick={() => void remove(contact)}>
                {t('landlords.removeContact', { name: contact.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('landlords.addContact')}</h3>
      {added ? <Notice>{added}</Notice> : null}
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate className="form-grid">
        <TextField {...form.text('name')} label={t('landlords.contactName')} width="medium" />
        <TextField {...form.text('title')} label={t('landlords.contactTitle')} optional width="medium" />
        <TextField {...form.text('phone')} label={t('landlords.phone')} type="tel" optional width="medium" />
        <TextField {...form.text('email')} label={t('landlords.email')} type="email" optional width="medium" />
        <div className="form-actions form-grid-full">
          <button type="submit" className="button button-secondary" disabled={form.submitting}>
            {t('landlords.addContact')}
          </button>
        </div>
      </form>
    </section>
  );
}
