/**
 * Webhook calls of rules: a JSON body from the template (merge values JSON-escaped), or a preset's message
 * for WeCom, DingTalk and Feishu group robots and Slack incoming webhooks; with a secret, HMAC-SHA256 over
 * `<timestamp>.<body>` in X-Funnelcraft-Signature (hex) and the timestamp in X-Funnelcraft-Timestamp
 * (DingTalk and Feishu robots also get their own signatures). The address a name resolves to is checked
 * again here while private addresses are forbidden; a receiver that does not answer times out.
 */
import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isPrivateAddress, webhookPrivateForbidden, type RuleAction } from '@funnelcraft/definitions';

type Webhook = Extract<RuleAction, { type: 'webhook' }>;

export const SIGNATURE_HEADER = 'x-funnelcraft-signature';
export const TIMESTAMP_HEADER = 'x-funnelcraft-timestamp';

export const sign = (secret: string, timestamp: string, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** A template filled for a JSON body: each value goes in as JSON string content. */
function fillJson(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, name: string) => {
    const v = name.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), values);
    const text = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return JSON.stringify(text).slice(1, -1);
  });
}

function presetBody(preset: Webhook['preset'], text: string, secret: string | undefined, now: Date): Record<string, unknown> {
  switch (preset) {
    case 'wecom':
    case 'dingtalk':
      return { msgtype: 'text', text: { content: text } };
    case 'feishu': {
      const body: Record<string, unknown> = { msg_type: 'text', content: { text } };
      if (secret) {
        const ts = String(Math.floor(now.getTime() / 1000));
        Object.assign(body, { timestamp: ts, sign: createHmac('sha256', `${ts}\n${secret}`).update('').digest('base64') });
      }
      return body;
    }
    default:
      return { text };
  }
}

export interface WebhookCall {
  status: number;
  url: string;
}

export async function callWebhook(
  action: Webhook,
  values: Record<string, unknown>,
  fallback: Record<string, unknown>,
  text: (t: string) => string,
  timeoutMs: number,
  now = new Date(),
): Promise<WebhookCall> {
  let url = new URL(action.url);
  if (webhookPrivateForbidden()) {
    const { address } = await lookup(url.hostname);
    if (isPrivateAddress(address)) throw new Error(`${url.hostname} resolves to ${address}, a private address: not called`);
  }
  const preset = action.preset ?? 'json';
  let body: string;
  if (preset === 'json') {
    body = action.body === undefined ? JSON.stringify(fallback) : fillJson(action.body, values);
    JSON.parse(body); // a template that does not make JSON fails here, with the parser's message
  } else {
    body = JSON.stringify(presetBody(preset, text(action.body ?? ''), action.secret, now));
  }
  if (preset === 'dingtalk' && action.secret) {
    const ts = String(now.getTime());
    url = new URL(url);
    url.searchParams.set('timestamp', ts);
    url.searchParams.set('sign', createHmac('sha256', action.secret).update(`${ts}\n${action.secret}`).digest('base64'));
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Funnelcraft-Automation' };
  if (action.secret) {
    const ts = String(Math.floor(now.getTime() / 1000));
    headers[TIMESTAMP_HEADER] = ts;
    headers[SIGNATURE_HEADER] = sign(action.secret, ts, body);
  }
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new Error(`the webhook answered ${res.status}`);
  return { status: res.status, url: action.url };
}
