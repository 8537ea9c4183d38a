/** Element Plus's own words (date pickers, empty lists) in the studio's language. */
import en from 'element-plus/es/locale/lang/en';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

export function useElementLocale() {
  const { locale } = useI18n();
  return computed(() => (locale.value === 'zh' ? zhCn : en));
}
