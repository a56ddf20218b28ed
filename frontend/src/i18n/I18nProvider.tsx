import { useEffect, useMemo, useState, type ReactNode } from "react";
import { I18nContext, type I18n } from "./context";
import { formatDate, formatDateTime, formatFileSize, formatMoney, formatNumber, formatPercent } from "./format";
import { DEFAULT_LANGUAGE, hasCatalogue, loadCatalogue, LOCALES, translatorFor, type Language } from "./translate";

interface Props {
  children: ReactNode;
  /** Danish unless told otherwise; the choice is kept in memory only. */
  initialLanguage?: Language;
}

export function I18nProvider({ children, initialLanguage = DEFAULT_LANGUAGE }: Props) {
  const [chosen, setLanguage] = useState<Language>(initialLanguage);
  const [, setArrived] = useState(0);
  // Until a chosen language's messages have arrived, the page stays in Danish.
  const language = hasCatalogue(chosen) ? chosen : DEFAULT_LANGUAGE;

  useEffect(() => {
    if (hasCatalogue(chosen)) return;
    let current = true;
    void loadCatalogue(chosen).then(() => {
      if (current) setArrived((count) => count + 1);
    });
    return () => {
      current = false;
    };
  }, [chosen]);

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
