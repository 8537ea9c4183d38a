/** Dates, times and role names of the access screens, in the interface language. */
import { useI18n } from 'vue-i18n';
import { formatDate, formatDateTime } from '../../../i18n/formatting';
import { pickLabel } from '../../../i18n/labels';
import type { RoleOption } from './directory';

// The one formatting module's, under the names other screens import from here.
export { formatDate, formatDateTime };

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
