/**
 * The client's address, for rate limits, the login throttle and the login history: the socket's peer, or,
 * behind one trusted reverse proxy (TRUST_PROXY=true), the last address of X-Forwarded-For: the one that
 * proxy added. Earlier entries are whatever the client sent, so they are never believed.
 */
import type { IncomingMessage } from 'node:http';
import type { ClientInfo } from '@funnelcraft/kernel';

const normalize = (ip: string): string => (ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip);

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const value = Array.isArray(header) ? header[header.length - 1] : header;
    const last = value?.split(',').pop()?.trim();
    if (last) return normalize(last).slice(0, 64);
  }
  const peer = req.socket.remoteAddress;
  return peer ? normalize(peer) : null;
}

export const clientInfo = (req: IncomingMessage, trustProxy: boolean): ClientInfo => ({
  ip: clientAddress(req, trustProxy),
  userAgent: req.headers['user-agent']?.slice(0, 512) ?? null,
});
