import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { languages, type Language, type Messages } from './messages.js';
import { zhCN } from './zh-CN.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

const storageKey = 'concord.lang';
export const defaultLanguage: Language = 'zh-CN';

const isLanguage = (v: unknown): v is Language => typeof v === 'string' && (languages as readonly string[]).includes(v);

const storedLanguage = (): Language => {
  try {
    const v = globalThis.localStorage?.getItem(storageKey);
    return isLanguage(v) ? v : defaultLanguage;
  } catch {
    return defaultLanguage;
  }
};

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: defaultLanguage,
  supportedLngs: [...languages],
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});

export const currentLanguage = (): Language => (isLanguage(i18n.language) ? i18n.language : defaultLanguage);

export const setLanguage = async (lng: Language): Promise<void> => {
  try {
    globalThis.localStorage?.setItem(storageKey, lng);
  } catch {
    // private mode: the choice lasts for this page only
  }
  await i18n.changeLanguage(lng);
};

/** After sign-in: the user's own language setting applies unless this browser already chose one. */
export const adoptUserLanguage = async (userLocale: string): Promise<void> => {
  let chosen: string | null = null;
  try {
    chosen = globalThis.localStorage?.getItem(storageKey) ?? null;
  } catch {
    chosen = null;
  }
  if (!chosen && isLanguage(userLocale) && userLocale !== i18n.language) await i18n.changeLanguage(userLocale);
};

export { i18n };
