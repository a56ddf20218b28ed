import { useId } from "react";
import { useI18n } from "../i18n/context";
import { isLanguage, LANGUAGES } from "../i18n/translate";

/** Each language is named in itself (and marked with its lang for screen readers). */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t("language.label")}</label>
      <select
        id={id}
        value={language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(code === "da" ? "language.da" : "language.en")}
          </option>
        ))}
      </select>
    </div>
  );
}
