import { Link } from "react-router";
import { paths } from "../app/navigation";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";

export function NotFoundPage() {
  const { t } = useI18n();
  useDocumentTitle("notFound.title");
  return (
    <>
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <p>
        <Link to={paths.dashboard}>{t("notFound.home")}</Link>
      </p>
    </>
  );
}
