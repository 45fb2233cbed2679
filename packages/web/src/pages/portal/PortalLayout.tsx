import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { LanguageSwitch, SkipLink } from '../../components/Layout.tsx';
import { useMe, useSession } from '../../session/SessionContext.tsx';

/**
 * The frame for landlord accounts: the same header as staff, but a slim menu with only the portal's pages,
 * the password and "Logga ut". No unit selector and no staff menu items.
 */
export function PortalLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useSession();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);

  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="header-inner">
          <Link to="/portal" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            {t('app.name')}
            <span className="portal-brand-sub">{t('portal.brand')}</span>
          </Link>
          <div className="header-tools">
            <span className="portal-user" data-testid="portal-user">
              {me.displayName}
            </span>
            <LanguageSwitch />
          </div>
        </div>
        <div className="nav-inner">
          <nav className="main-nav" aria-label={t('portal.nav.label')} data-testid="portal-nav">
            <button
              type="button"
              className="nav-toggle"
              aria-expanded={open}
              aria-controls="portal-nav-list"
              onClick={() => setOpen((o) => !o)}
            >
              <span className="nav-toggle-icon" aria-hidden="true" />
              {t('nav.menu')}
            </button>
            <ul id="portal-nav-list" className={open ? 'nav-list nav-open' : 'nav-list'}>
              <li>
                <NavLink to="/portal" end>
                  {t('portal.nav.reports')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/portal/new">{t('portal.nav.newReport')}</NavLink>
              </li>
              <li>
                <NavLink to="/account/password">{t('portal.nav.password')}</NavLink>
              </li>
              <li className="portal-nav-logout">
                <button type="button" className="portal-logout" onClick={() => void logout().catch(() => undefined)}>
                  {t('header.logout')}
                </button>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="main main-portal">
        <Outlet />
      </main>
    </>
  );
}
