import { watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';

/** Keeps `document.title` as "<page> · Funnelcraft", following language switches. */
export function useDocumentTitle(page: () => string | undefined): void {
  const { t } = useI18n();
  watchEffect(() => {
    const name = t('app.name');
    const title = page();
    document.title = title ? `${title} · ${name}` : name;
  });
}
