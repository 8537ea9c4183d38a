/**
 * Where rule webhooks may point. A rule naming a private, loopback or link-local address would let a tenant
 * admin reach the servers' own network; that is refused while `forbidPrivate` is on (the default; the server
 * reads WEBHOOK_ALLOW_PRIVATE, tests with receivers on loopback turn it off). Names are checked here as
 * written; the worker checks the address a name resolves to again before it connects.
 */
let forbidPrivate = true;

export const setWebhookAddressPolicy = (policy: { forbidPrivate: boolean }) => {
  forbidPrivate = policy.forbidPrivate;
};
export const webhookPrivateForbidden = () => forbidPrivate;

/** Whether an IP address (v4 or v6 literal) is loopback, private, link-local, unique-local or unspecified. */
export function isPrivateAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a.startsWith('::ffff:') ? a.slice(7) : a);
  if (v4) {
    const [x, y] = [Number(v4[1]), Number(v4[2])];
    return (
      x === 10 ||
      x === 127 ||
      x === 0 ||
      (x === 172 && y >= 16 && y <= 31) ||
      (x === 192 && y === 168) ||
      (x === 169 && y === 254) ||
      (x === 100 && y >= 64 && y <= 127)
    );
  }
  if (a.includes(':'))
    return (
      a === '::1' ||
      a === '::' ||
      a.startsWith('fc') ||
      a.startsWith('fd') ||
      a.startsWith('fe8') ||
      a.startsWith('fe9') ||
      a.startsWith('fea') ||
      a.startsWith('feb')
    );
  return false;
}

/** A problem with a webhook URL, or undefined when it may be called. */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `webhooks are called over http or https, not ${parsed.protocol.replace(':', '')}`;
  if (!forbidPrivate) return undefined;
  const host = parsed.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || isPrivateAddress(host)) {
    return `${host} is a private or loopback address: webhooks may not call the servers' own network (WEBHOOK_ALLOW_PRIVATE)`;
  }
  return undefined;
}
