import { Group, Input } from "@mantine/core";
import { IconChevronDown } from "@tabler/icons-react";
import { useId } from "react";
import { useI18n } from "../i18n/context";
import { isLanguage, LANGUAGES } from "../i18n/translate";

/**
 * Each language is named in itself (and marked with its lang for screen readers). A native
 * select in Mantine's input: on a phone it opens the system's own picker, and it needs none
 * of NativeSelect's or Select's code in the first load.
 */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  const id = useId();
  return (
    <Group gap="xs" wrap="nowrap" className="language-switch">
      <label htmlFor={id}>{t("language.label")}</label>
      <Input
        component="select"
        id={id}
        size="xs"
        pointer
        rightSection={<IconChevronDown size={14} aria-hidden />}
        rightSectionPointerEvents="none"
        value={language}
        onChange={(event) => {
          if (isLanguage(event.currentTarget.value)) setLanguage(event.currentTarget.value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(code === "da" ? "language.da" : "language.en")}
          </option>
        ))}
      </Input>
    </Group>
  );
}
