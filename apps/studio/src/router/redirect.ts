/** Where to go after signing in: only paths on this site, so `?redirect=//evil.example` leads nowhere else. */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}
