import { useI18n } from "../../i18n/context";

/** A length in minutes, the Danish way ("195 min"). */
export function Minutes({ minutes }: { minutes: number }) {
  const { t, formatNumber } = useI18n();
  return <>{t("packages.minutes", { minutes: formatNumber(minutes) })}</>;
}
