import { createContext, use } from "react";
import type { DateStyle } from "./format";
import type { Language, Translate } from "./translate";

export interface I18n {
  readonly language: Language;
  /** The Intl locale of the language, e.g. "da-DK". */
  readonly locale: string;
  readonly setLanguage: (language: Language) => void;
  readonly t: Translate;
  readonly formatDate: (value: string | Date, style?: DateStyle) => string;
  readonly formatDateTime: (value: string | Date) => string;
  readonly formatMoney: (ore: number) => string;
  readonly formatNumber: (value: number, fractionDigits?: number) => string;
  /** A file's size in bytes: "1,2 MB". */
  readonly formatFileSize: (bytes: number) => string;
  /** A share (0–1) as a percentage. */
  readonly formatPercent: (share: number, fractionDigits?: number) => string;
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const i18n = use(I18nContext);
  if (!i18n) throw new Error("useI18n must be used inside <I18nProvider>.");
  return i18n;
}
