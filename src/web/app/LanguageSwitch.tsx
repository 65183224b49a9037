import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n/index.js';
import type { Language } from '../i18n/messages.js';

/** 中文 / English toggle; the choice is kept in localStorage. */
export const LanguageSwitch = () => {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      data-testid="lang-switch"
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      onChange={(v) => void setLanguage(v)}
      options={[
        { label: <span data-testid="lang-zh">{t('lang.zh')}</span>, value: 'zh-CN' },
        { label: <span data-testid="lang-en">{t('lang.en')}</span>, value: 'en' },
      ]}
    />
  );
};
