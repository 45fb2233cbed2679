import type { TFunction } from 'i18next';
import type { Role } from '../../api/types.ts';

export function rolesText(t: TFunction, roles: readonly Role[]): string {
  return roles.length === 0 ? t('competence.courses.nobody') : roles.map((r) => t(`competence.roles.${r}`)).join(', ');
}

export function shareText(share: number | null, lang: string): string {
  if (share === null) return '–';
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'sv-SE', { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

export const ROLES: readonly Role[] = ['manager', 'caseworker', 'host', 'analyst'];
