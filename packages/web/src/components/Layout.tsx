import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { currentLanguage, setLanguage } from '../i18n/index.ts';
import { useMe, useSession } from '../session/SessionContext.tsx';

export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t('app.skipToContent')}
    </a>
  );
}

export function LanguageSwitch() {
  const { t } = useTranslation();
  const other = currentLanguage() === 'sv' ? 'en' : 'sv';
  return (
    <button
      type="button"
      className="header-button"
      lang={t('header.switchLanguageLang')}
      onClick={() => void setLanguage(other)}
      data-testid="language-switch"
    >
      {t('header.switchLanguage')}
    </button>
  );
}

function UnitSelector() {
  const { t } = useTranslation();
  const me = useMe();
  const { unit, selectUnit } = useSession();
  if (me.units.length < 2 || !unit) return null;
  return (
    <div className="unit-selector">
      <label htmlFor="unit-selector">{t('header.unit')}</label>
      <select id="unit-selector" className="input select" value={unit.id} onChange={(e) => selectUnit(e.target.value)}>
        {me.units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A disclosure (button + list), not an ARIA menu: links and buttons keep their usual keys. */
function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useSession();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const location = useLocation();

  useEffect(() => setOpen(false), [location.pathname]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={wrapper}>
      <button
        ref={button}
        type="button"
        className="header-button user-menu-button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="user-initials" aria-hidden="true">
          {initials(me.displayName)}
        </span>
        <span className="visually-hidden">{t('header.userMenu')} </span>
        <span className="user-name">{me.displayName}</span>
        <span className="chevron" aria-hidden="true" />
      </button>
      <ul id={menuId} className="user-menu-list" hidden={!open}>
        <li>
          <Link to="/account/password">{t('header.changePassword')}</Link>
        </li>
        {me.kind === 'staff' ? (
          <li>
            <Link to="/account/two-factor">{t('twoFactor.title')}</Link>
          </li>
        ) : null}
        <li>
          <button type="button" onClick={() => void logout().catch(() => undefined)}>
            {t('header.logout')}
          </button>
        </li>
      </ul>
    </div>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

function MainNav() {
  const { t } = useTranslation();
  const me = useMe();
  const { isManagerSomewhere } = useSession();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);

  const items: { to: string; label: string }[] = [
    { to: '/residents', label: t('nav.residents') },
    { to: '/placements', label: t('nav.placements') },
    { to: '/apartments', label: t('nav.apartments') },
    { to: '/landlords', label: t('nav.landlords') },
    { to: '/commissioners', label: t('nav.commissioners') },
  ];
  // Payments and the rent follow-up are case work: managers, caseworkers and hosts (analysts see only
  // aggregated figures). "Uppgifter" comes first: it is where the day starts.
  if (me.units.some((u) => u.role !== 'analyst')) {
    items.splice(3, 0, { to: '/payments', label: t('nav.payments') });
    // "Uppföljning" (/followup: letters, checkpoint days) is reached from the task inbox, keeping this one row.
    items.unshift({ to: '/tasks', label: t('nav.tasks') });
  }
  // Eviction prevention: the team's cases, for managers, caseworkers and hosts.
  if (me.units.some((u) => u.role === 'manager' || u.role === 'caseworker' || u.role === 'host')) {
    items.push({ to: '/eviction', label: t('eviction.nav') });
    // Housing First: lease takeover, weeks without the agreed visit (same roles).
    items.push({ to: '/housing-first', label: t('housingFirst.nav') });
    // Residents' activities ("Aktiviteter"): sessions, attendance and the monthly summary of occupation.
    items.push({ to: '/activities', label: t('occupation.nav') });
  }
  // Resident surveys ("Enkäter"): case staff invite and enter answers; analysts read the suppressed results.
  if (me.units.length > 0) items.push({ to: '/surveys', label: t('surveys.nav') });
  // "Statistik": managers and analysts. Analysts see only this area (the server shows them no personal data).
  if (me.units.some((u) => u.role === 'manager' || u.role === 'analyst')) items.push({ to: '/statistics', label: t('nav.statistics') });
  // Analysts only: their areas are the aggregated ones, surveys' results and the statistics.
  const analystOnly = me.units.length > 0 && me.units.every((u) => u.role === 'analyst') && !me.isAdmin;
  if (analystOnly) items.splice(0, items.length, ...items.filter((i) => i.to === '/surveys' || i.to === '/statistics'));
  // Staff competence ("Kompetens"): managers and admins plan training and follow coverage.
  if (isManagerSomewhere || me.isAdmin) items.push({ to: '/competence', label: t('competence.nav') });
  if (isManagerSomewhere) items.push({ to: '/audit', label: t('nav.audit') });
  if (me.isAdmin) items.push({ to: '/admin', label: t('nav.admin') });

  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <button type="button" className="nav-toggle" aria-expanded={open} aria-controls="main-nav-list" onClick={() => setOpen((o) => !o)}>
        <span className="nav-toggle-icon" aria-hidden="true" />
        {t('nav.menu')}
      </button>
      <ul id="main-nav-list" className={open ? 'nav-list nav-open' : 'nav-list'}>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to}>{item.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Layout() {
  const { t } = useTranslation();
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            {t('app.name')}
          </Link>
          <div className="header-tools">
            <UnitSelector />
            <LanguageSwitch />
            <UserMenu />
          </div>
        </div>
        <div className="nav-inner">
          <MainNav />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="main">
        <Outlet />
      </main>
    </>
  );
}

/** The frame around the login page: no navigation, but the same skip link, main and language switch. */
export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="header-inner">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true" />
            {t('app.name')}
          </span>
          <div className="header-tools">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="main main-narrow">
        <Outlet />
      </main>
    </>
  );
}
