/**
 * A record's approval requests (newest first) for its page and its form: which are pending, the fields they
 * lock, and who decides each one's current step, in words.
 */
import { computed, shallowRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { ObjectMeta } from '../../api/operations';
import { useLookupSource } from '../../fields';
import { useSessionStore } from '../../stores/session';
import { currentStep, lockedFieldNames, useApprovalsApi, type ApprovalRequest } from './approvals-api';

export function useRecordApprovals(meta: Ref<ObjectMeta | undefined>, recordId: Ref<string | undefined>) {
  const api = useApprovalsApi();
  const session = useSessionStore();
  const source = useLookupSource();
  const { t } = useI18n();
  const requests = shallowRef<ApprovalRequest[]>([]);
  const failed = shallowRef(false);

  async function load(): Promise<void> {
    const m = meta.value;
    const id = recordId.value;
    if (!m || !id) {
      requests.value = [];
      return;
    }
    try {
      requests.value = await api.ofRecord(m.name, id);
      failed.value = false;
    } catch {
      failed.value = true;
    }
  }

  const pending = computed(() => requests.value.filter((r) => r.status === 'pending'));
  const locked = computed(() => lockedFieldNames(requests.value, meta.value));

  /** Whether the signed-in user decides the request's current step (never their own request). */
  function canDecide(r: ApprovalRequest): boolean {
    const me = session.user;
    if (!me || r.status !== 'pending' || r.requestedBy === me.id) return false;
    const step = currentStep(r);
    return step.users.includes(me.id) || (!!step.role && (me.roles ?? []).includes(step.role));
  }

  /** The current step's approvers, by name (or the role anyone holding it may decide with). */
  function approverNames(r: ApprovalRequest): string {
    const step = currentStep(r);
    if (step.role) return t('approvals.request.approversRole', { role: step.role });
    const names = step.users.map((id) => source.userLabel(id)).filter((n): n is string => !!n);
    return names.length ? names.join(t('common.listSeparator')) : t('approvals.form.someone');
  }

  return { requests, pending, locked, failed, load, canDecide, approverNames };
}
