/** localStorage that never throws: private windows and disabled storage just forget the setting. */
export const STORAGE_KEYS = {
  token: 'funnelcraft.token',
  locale: 'funnelcraft.locale',
  /** followed by `.<workspace>.<user id>` */
  recent: 'funnelcraft.recent',
} as const;

export function readSetting(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeSetting(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage unavailable: the setting lasts until the tab closes.
  }
}
