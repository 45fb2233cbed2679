import {
  APARTMENT_TYPE_LABELS,
  APARTMENT_TYPES,
  COMMISSIONER_KIND_LABELS,
  COMMISSIONER_KINDS,
  formatRooms,
  ID_KIND_LABELS,
  ID_KINDS,
  KITCHEN_KIND_LABELS,
  KITCHEN_KINDS,
  LEASE_FORM_LABELS,
  LEASE_FORMS,
  PLACEMENT_END_REASON_LABELS,
  PLACEMENT_END_REASONS,
  ROLE_LABELS,
  ROLES,
  type KitchenKind,
  type Localized,
} from '@kvarbo/domain';
import { useTranslation } from 'react-i18next';
import type { Option } from './components/Fields.tsx';

// Labels of the fixed value lists come from @kvarbo/domain, so the UI, the server's messages and the CSV
// export use the same words. This hook picks the current language.

type Labels<K extends string> = Record<K, Localized>;

export function useLabels() {
  const { i18n } = useTranslation();
  const locale: 'sv' | 'en' = i18n.language === 'en' ? 'en' : 'sv';

  const label =
    <K extends string>(labels: Labels<K>) =>
    (code: K | null | undefined): string =>
      code ? (labels[code]?.[locale] ?? code) : '';
  const options = <K extends string>(codes: readonly K[], labels: Labels<K>): Option[] =>
    codes.map((code) => ({ value: code, label: labels[code][locale] }));

  return {
    locale,
    apartmentType: label(APARTMENT_TYPE_LABELS),
    apartmentTypeOptions: options(APARTMENT_TYPES, APARTMENT_TYPE_LABELS),
    kitchen: label(KITCHEN_KIND_LABELS),
    kitchenOptions: options(KITCHEN_KINDS, KITCHEN_KIND_LABELS),
    rooms: (rooms: number, kitchen: KitchenKind) => formatRooms(rooms, kitchen, locale),
    commissionerKind: label(COMMISSIONER_KIND_LABELS),
    commissionerKindOptions: options(COMMISSIONER_KINDS, COMMISSIONER_KIND_LABELS),
    leaseForm: label(LEASE_FORM_LABELS),
    leaseFormOptions: options(LEASE_FORMS, LEASE_FORM_LABELS),
    endReason: label(PLACEMENT_END_REASON_LABELS),
    endReasonOptions: options(PLACEMENT_END_REASONS, PLACEMENT_END_REASON_LABELS),
    role: label(ROLE_LABELS),
    roleOptions: options(ROLES, ROLE_LABELS),
    idKind: label(ID_KIND_LABELS),
    idKindOptions: options(ID_KINDS, ID_KIND_LABELS),
  };
}
