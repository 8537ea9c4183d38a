/** Dates, times and role names of the access screens, in the interface language. */
import { useI18n } from 'vue-i18n';
import { pickLabel } from '../../../i18n/labels';
import type { RoleOption } from './directory';

const intlLocale = (locale: string) => (locale === 'zh' ? 'zh-CN' : 'en-US');

export function formatDateTime(locale: string, iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(locale: string, iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium' }).format(new Date(iso));
}

export function useAccessFormat() {
  const { t, te, locale } = useI18n();
  return {
    dateTime: (iso: string | null | undefined) => formatDateTime(locale.value, iso),
    date: (iso: string | null | undefined) => formatDate(locale.value, iso),
    /** A built-in role by the catalogue, a role document by its own label, else its name. */
    roleName: (role: string, options: readonly RoleOption[] = []) => {
      const option = options.find((o) => o.value === role);
      if (option?.labels) return pickLabel(option.labels, locale.value, role);
      return te(`designers.users.roles.${role}`) ? t(`designers.users.roles.${role}`) : role;
    },
  };
}
