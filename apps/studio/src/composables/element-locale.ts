/**
 * Element Plus's own words (date pickers, empty lists, select placeholders, dialog close buttons) in the
 * studio's language. App.vue hands it to the one ElConfigProvider that wraps every screen.
 */
import en from 'element-plus/es/locale/lang/en';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

export function useElementLocale() {
  const { locale } = useI18n();
  return computed(() => (locale.value === 'zh' ? zhCn : en));
}
