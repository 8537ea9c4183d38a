/**
 * A timeline entry of kind `approval` in words: what was asked for or decided, on which fields, and the
 * decision's comment. The server's details say the event (requested, approved, rejected), the step and the fields.
 */
import { useI18n } from 'vue-i18n';

interface Entry {
  details: Record<string, unknown> | null;
}

export function useApprovalTimeline(fieldLabel: (name: string) => string) {
  const { t } = useI18n();
  const fieldsOf = (e: Entry) =>
    (Array.isArray(e.details?.['fields']) ? (e.details['fields'] as string[]) : []).map(fieldLabel).join(t('common.listSeparator'));

  function heading(e: Entry): string {
    const fields = fieldsOf(e);
    const event = e.details?.['event'];
    if (event === 'requested') return t('approvals.timeline.requested', { fields });
    if (event === 'rejected') return t('approvals.timeline.rejected', { fields });
    if (e.details?.['final'] === false) return t('approvals.timeline.stepApproved', { fields, step: Number(e.details['step'] ?? 0) + 1 });
    return t('approvals.timeline.approved', { fields });
  }

  const comment = (e: Entry): string | null => {
    const c = e.details?.['comment'];
    return typeof c === 'string' && c ? t('approvals.timeline.comment', { comment: c }) : null;
  };

  return { heading, comment };
}
