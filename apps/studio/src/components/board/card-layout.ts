/** Fixed card geometry: the column windows its list by it (see composables/board/virtual-window.ts). */
export const CARD_HEIGHT = 132;
export const CARD_GAP = 8;
export const CARD_ROW = CARD_HEIGHT + CARD_GAP;

/** The drag payload type: only our cards are accepted by the columns. */
export const CARD_MIME = 'application/x-funnelcraft-card';

export const DAY_MS = 86_400_000;

export const daysSince = (iso: string | null, now = Date.now()): number | null => {
  const at = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(at) ? null : Math.max(0, Math.floor((now - at) / DAY_MS));
};

export const initialsOf = (name: string): string => {
  const words = name.split(/[\s@._-]+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[1]] : [name];
  return (
    letters
      .map((w) => Array.from(w ?? '')[0] ?? '')
      .join('')
      .toUpperCase() || '·'
  );
};
