import { useTranslation } from 'react-i18next';
import type { Messages } from '../i18n/messages.js';

export type CodeGroup = keyof Messages['codes'];

/** Label for a server enum value (e.g. phone kind `mobile` → 手机); unknown values are shown as they are. */
export const useCodeLabel = () => {
  const { t, i18n } = useTranslation();
  return (group: CodeGroup, code: string | null | undefined): string => {
    if (code === null || code === undefined || code === '') return t('common.none');
    const key = `codes.${group}.${code}`;
    return i18n.exists(key) ? String(t(key as never)) : code;
  };
};
