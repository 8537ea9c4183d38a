/** Asks before leaving a designer with changes that were not applied (route changes, reloads, closing the tab). */
import { ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/button/style/css';
import 'element-plus/es/components/input/style/css';
import { onBeforeUnmount } from 'vue';
import { useI18n } from 'vue-i18n';
import { onBeforeRouteLeave } from 'vue-router';

export function useLeaveGuard(dirty: () => boolean): void {
  const { t } = useI18n();

  onBeforeRouteLeave(async () => {
    if (!dirty()) return true;
    try {
      await ElMessageBox.confirm(t('designers.leave.body'), t('designers.leave.title'), {
        confirmButtonText: t('designers.leave.discard'),
        cancelButtonText: t('designers.leave.stay'),
        type: 'warning',
        customClass: 'setup-leave-box',
      });
      return true;
    } catch {
      return false;
    }
  });

  const onUnload = (event: BeforeUnloadEvent) => {
    if (dirty()) event.preventDefault();
  };
  window.addEventListener('beforeunload', onUnload);
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onUnload));
}
