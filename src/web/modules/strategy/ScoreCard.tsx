// The case page's score line (issue 9): the nightly run's latest rule score, band, segment, top reasons and next action.
import { useQuery } from '@tanstack/react-query';
import { Card, Space, Tag, Typography } from 'antd';
import type { z } from 'zod';
import { useTranslation } from 'react-i18next';
import type { caseScoreResponseSchema } from '../../../contracts/strategy.js';
import { api } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';

const bandColor: Record<string, string> = { A: 'green', B: 'gold', C: 'red' };

export const ScoreCard = ({ caseId }: { caseId: string }) => {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['cases', caseId, 'score'], queryFn: ({ signal }) => api<z.infer<typeof caseScoreResponseSchema>>(`/api/cases/${caseId}/score`, { signal }) });
  const s = q.data?.score;
  if (!s) return null;
  return (
    <Card size="small" title={t('nightly.scoreTitle', { asOf: s.asOf })} data-testid="case-score">
      <Space wrap>
        <Typography.Text strong>{s.score}</Typography.Text>
        <Tag color={bandColor[s.band]}>{t('nightly.band', { band: s.band })}</Tag>
        <Tag>{s.segment}</Tag>
        {s.reasons.slice(0, 3).map((r) => (
          <Tag key={r.code} color={r.points > 0 ? 'green' : 'red'}>{`${i18n.language === 'en' ? r.en : r.zh} ${r.points > 0 ? '+' : ''}${r.points}`}</Tag>
        ))}
        <Typography.Text type="secondary">
          {t('nightly.nextAction')}: {t(`nightly.actions.${s.nextAction.kind}`, { defaultValue: s.nextAction.kind })}
          {s.nextAction.at ? ` · ${formatDateTime(s.nextAction.at)}` : ''}
        </Typography.Text>
      </Space>
      {s.allocation && (
        <div data-testid="case-allocation">
          <Typography.Text type="secondary">
            {t('nightly.allocationLine', { outcome: t(`nightly.alloc.${s.allocation.outcome}`) })}：{s.allocation.explanation.map((e) => (i18n.language === 'en' ? e.en : e.zh)).join(' · ')}
          </Typography.Text>
        </div>
      )}
    </Card>
  );
};
