// "上门通知函": generate the notice of visit for a visit request through the letters path (POST /api/cases/:id/letters
// with the request's id, so the letter names its window). The template is the approved letter template that uses
// {{visitWindow}}. A third party's address gets no letter: the notice is addressed to the debtor only.
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { messagingApi, messagingKeys } from '../messaging/messagingApi.js';

export const NoticeLetterButton = ({ caseId, addressId, requestId, thirdParty }: { caseId: string; addressId: string; requestId: string; thirdParty: boolean }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const templates = useQuery({ queryKey: messagingKeys.templates(true), queryFn: ({ signal }) => messagingApi.templates(true, signal), staleTime: 60_000 });
  const template = templates.data?.items.find((x) => x.channel === 'letter' && x.versions.some((v) => v.id === x.approvedVersionId && /\{\{\s*visitWindow\s*\}\}/.test(v.body)));
  const generate = useMutation({
    mutationFn: () => messagingApi.letter(caseId, { templateId: template!.id, addressId, visitRequestId: requestId }),
    onSuccess: (r) => {
      if (r.document) {
        void message.success(t('fieldBoard.noticeDone'));
        window.open(`/api/documents/${r.document.id}/file`, '_blank', 'noopener');
      } else void message.warning(t('fieldBoard.noticeBlocked'));
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('common.requestFailed')),
  });
  const reason = thirdParty ? t('fieldBoard.noticeThirdParty') : !template ? t('fieldBoard.noticeNoTemplate') : null;
  return (
    <Tooltip title={reason ?? t('fieldBoard.noticeHint')}>
      <Button size="small" disabled={reason !== null} loading={generate.isPending} onClick={() => generate.mutate()} data-testid={`notice-letter-${requestId}`}>
        {t('fieldBoard.notice')}
      </Button>
    </Tooltip>
  );
};
