import type { ConfigProviderProps } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/en';
import 'dayjs/locale/zh-cn';
import { i18n } from '../i18n/index.js';

export const antdLocale = (lng: string): ConfigProviderProps['locale'] => (lng === 'en' ? enUS : zhCN);

const applyLanguage = (lng: string): void => {
  dayjs.locale(lng === 'en' ? 'en' : 'zh-cn');
  if (typeof document !== 'undefined') document.documentElement.lang = lng === 'en' ? 'en' : 'zh-CN';
};

/** Keep dayjs and <html lang> in step with the UI language. */
export const syncLocale = (): void => {
  applyLanguage(i18n.language);
  i18n.on('languageChanged', applyLanguage);
};
