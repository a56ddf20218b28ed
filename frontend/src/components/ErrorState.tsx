import { Box, Button, Text } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { describeError, type ErrorContext } from "../api/describeError";
import { useI18n } from "../i18n/context";
import { Notice } from "./Notice";

interface Props {
  error: unknown;
  context?: ErrorContext;
  onRetry?: () => void;
  /** Off in forms, whose fields show their own messages. */
  showFieldErrors?: boolean;
}

/** An error, in words the person understands, with the request id (small) and a retry. */
export function ErrorState({ error, context = "default", onRetry, showFieldErrors = true }: Props) {
  const { t } = useI18n();
  const description = describeError(error, t, context);
  return (
    <Notice tone="error" role="alert" title={description.message}>
      {description.detail ? <Text>{description.detail}</Text> : null}
      {description.fieldErrors && showFieldErrors ? (
        <Box component="ul" m={0} pl="lg">
          {Object.entries(description.fieldErrors).map(([field, messages]) => (
            <li key={field}>{messages.join(" ")}</li>
          ))}
        </Box>
      ) : null}
      {description.requestId ? (
        <Text size="xs">{t("errors.requestId", { id: description.requestId })}</Text>
      ) : null}
      {onRetry ? (
        <Box mt={4}>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconRefresh size={16} aria-hidden />}
            onClick={onRetry}
          >
            {t("common.retry")}
          </Button>
        </Box>
      ) : null}
    </Notice>
  );
}
