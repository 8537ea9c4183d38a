/**
 * A refusal of the automation API as a catalogue key and the server's words: by code, from a table (an
 * invalid rule names the path and the reason, which stay in the server's words).
 */
import { GraphqlError } from '../../../api/graphql-client';

export type AutomationErrorKey = 'forbidden' | 'invalid' | 'notFound' | 'network' | 'failed';

const WORDS: Record<string, AutomationErrorKey> = {
  FORBIDDEN: 'forbidden',
  INVALID_DEFINITION: 'invalid',
  NOT_FOUND: 'notFound',
  NETWORK_ERROR: 'network',
};

export function automationProblem(error: unknown): { key: AutomationErrorKey; message: string } {
  if (!(error instanceof GraphqlError)) return { key: 'failed', message: error instanceof Error ? error.message : String(error) };
  const key = WORDS[error.code] ?? 'failed';
  const details = error.details.map((d) => [d.path, d.message].filter(Boolean).join(': ')).filter(Boolean);
  return { key, message: details.length ? details.join('; ') : error.message };
}
