import { useEffect, useMemo, useState, type ReactNode } from "react";
import { I18nContext, type I18n } from "./context";
import { formatDate, formatDateTime, formatFileSize, formatMoney, formatNumber, formatPercent } from "./format";
import { DEFAULT_LANGUAGE, LOCALES, translatorFor, type Language } from "./translate";

interface Props {
  children: ReactNode;
  /** Danish unless told otherwise; the choice is kept in memory only. */
  initialLanguage?: Language;
}

export function I18nProvider({ children, initialLanguage = DEFAULT_LANGUAGE }: Props) {
  const [language, setLanguage] = useState<Language>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18n>(() => {
    const locale = LOCALES[language];
    return {
      language,
      locale,
      setLanguage,
      t: translatorFor(language),
      formatDate: (date, style) => formatDate(date, locale, style),
      formatDateTime: (date) => formatDateTime(date, locale),
      formatMoney: (ore) => formatMoney(ore, locale),
      formatNumber: (number, fractionDigits) => formatNumber(number, locale, fractionDigits),
      formatFileSize: (bytes) => formatFileSize(bytes, locale),
      formatPercent: (share, fractionDigits) => formatPercent(share, locale, fractionDigits),
    };
  }, [language]);

  return <I18nContext value={value}>{children}</I18nContext>;
}
