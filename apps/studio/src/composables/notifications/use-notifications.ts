/**
 * The signed-in user's in-app notifications for the header bell: the newest ones and the unread count, loaded
 * when the shell opens, on every navigation and when the bell is opened; marking read (one, or all) reloads.
 */
import { ref, shallowRef } from 'vue';
import { MarkNotificationsReadDocument, NotificationsDocument, type NotificationsQuery } from '../../api/platform-operations.generated';
import { useSessionStore } from '../../stores/session';

export type NotificationItem = NotificationsQuery['notifications'][number];

const SHOWN = 20;

export function useNotifications() {
  const session = useSessionStore();
  const items = shallowRef<NotificationItem[]>([]);
  const unread = ref(0);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  let generation = 0;

  async function load(): Promise<void> {
    if (!session.isAuthenticated) return;
    const mine = ++generation;
    if (status.value !== 'ready') status.value = 'loading';
    try {
      const data = await session.request(NotificationsDocument, { limit: SHOWN });
      if (mine !== generation) return;
      items.value = data.notifications;
      unread.value = data.unreadNotificationCount;
      status.value = 'ready';
    } catch {
      if (mine === generation) status.value = 'error';
    }
  }

  /** Marks the notifications named (none named: all of them) read. */
  async function markRead(ids?: string[]): Promise<void> {
    await session.request(MarkNotificationsReadDocument, { ids: ids ?? null });
    await load();
  }

  return { items, unread, status, load, markRead };
}
