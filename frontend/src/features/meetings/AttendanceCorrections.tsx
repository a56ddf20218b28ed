/**
 * A closed meeting's final attendance, and its correction: after closing only the coordinator
 * and co-coordinators change a row, each change with its reason (kept with the row and audited),
 * since fees are paid by it.
 */
import { Button, Radio, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPencil } from "@tabler/icons-react";
import { useState } from "react";
import { useApi } from "../../api/context";
import { unwrap } from "../../api/errors";
import { useAttendance } from "../../api/meetings";
import type { Attendance, MeetingDetail } from "../../api/types";
import { fieldErrorsOf, FormDialog, useIdempotencyKey } from "../../components/dialogs";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { useMeetingAction } from "./dialogs";
import { ScrollTable, STICKY_FIRST } from "./tables";

interface CorrectionDialogProps {
  meeting: MeetingDetail;
  row: Attendance;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** Correct one person's attendance, with a required reason. */
export function CorrectionDialog({ meeting, row, onClose, onDone }: CorrectionDialogProps) {
  const { t, locale } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  // One corrects what is wrong: the other answer is the likely one. Controlled, since the
  // button waits for a changed answer and a reason.
  const form = useForm({ initialValues: { attended: row.attended ? "no" : "yes", reason: "" } });
  const attended = form.values.attended === "yes";
  const reason = form.values.reason;
  const correct = useMeetingAction(
    meeting.id,
    () =>
      unwrap(
        client.POST("/api/v1/meetings/{meeting_id}/attendance", {
          params: { path: { meeting_id: meeting.id }, header: { "Idempotency-Key": key } },
          body: { items: [{ user_id: row.user_id, attended, reason: reason.trim() }] },
        }),
      ),
    () => {
      onDone(t("meeting.correct.done", { name: row.name }));
    },
  );
  const errors = fieldErrorsOf(correct.error, t, locale);
  return (
    <FormDialog
      title={t("meeting.correct.title", { name: row.name })}
      submitLabel={t("meeting.correct.submit")}
      pending={correct.isPending}
      disabled={reason.trim() === "" || attended === row.attended}
      error={correct.error}
      onSubmit={() => { correct.mutate(undefined); }}
      onClose={onClose}
      showFieldErrors
    >
      <Text>{t("meeting.correct.now", { name: row.name, state: row.attended ? t("meeting.attendance.yes") : t("meeting.attendance.no") })}</Text>
      <Radio.Group label={t("meeting.correct.legend", { name: row.name })} {...form.getInputProps("attended")}>
        <Stack gap="xs" mt="xs">
          <Radio value="yes" label={t("meeting.attendance.yes")} />
          <Radio value="no" label={t("meeting.attendance.no")} />
        </Stack>
      </Radio.Group>
      <Textarea
        required
        rows={3}
        maxLength={1000}
        label={t("meeting.correct.reason")}
        description={t("meeting.correct.reasonHint")}
        {...form.getInputProps("reason")}
        error={errors["items.0.reason"]?.join(" ")}
      />
    </FormDialog>
  );
}

interface ClosedAttendanceProps {
  meeting: MeetingDetail;
  /** May correct (`my_permissions.correct_attendance`). */
  canCorrect: boolean;
  /** A correction was saved, with a message for the section. */
  onCorrected: (message: string) => void;
}

/** Who attended a closed meeting; correctors get a button per person. */
export function ClosedAttendance({ meeting, canCorrect, onCorrected }: ClosedAttendanceProps) {
  const { t } = useI18n();
  const attendance = useAttendance(meeting.id);
  const [correcting, setCorrecting] = useState<Attendance | null>(null);
  let body;
  if (attendance.isPending) body = <LoadingState />;
  else if (attendance.isError) body = <ErrorState error={attendance.error} onRetry={() => void attendance.refetch()} />;
  else if (attendance.data.length === 0) body = <Text c="dimmed">{t("meeting.attendance.none")}</Text>;
  else {
    const rows = [...attendance.data].sort((a, b) => a.name.localeCompare(b.name, "da"));
    body = (
      <ScrollTable label={t("meeting.attendance.caption")} minWidth={canCorrect ? 520 : 400}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" style={STICKY_FIRST}>{t("meeting.participants.name")}</Table.Th>
            <Table.Th scope="col">{t("meeting.attendance.attended")}</Table.Th>
            <Table.Th scope="col">{t("meeting.attendance.correction")}</Table.Th>
            {canCorrect ? (
              <Table.Th scope="col">
                <span className="visually-hidden">{t("meeting.correct.column")}</span>
              </Table.Th>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Th scope="row" style={STICKY_FIRST}>{row.name}</Table.Th>
              <Table.Td>{row.attended ? t("meeting.attendance.yes") : t("meeting.attendance.no")}</Table.Td>
              <Table.Td>{row.correction_reason ?? ""}</Table.Td>
              {canCorrect ? (
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconPencil size={14} aria-hidden />}
                    aria-label={t("meeting.correct.openLabel", { name: row.name })}
                    onClick={() => { setCorrecting(row); }}
                  >
                    {t("meeting.correct.open")}
                  </Button>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ScrollTable>
    );
  }
  return (
    <>
      <Title order={3} size="h4" mt="md">{t("meeting.attendance.title")}</Title>
      {canCorrect ? <Text c="dimmed" size="sm">{t("meeting.attendance.correctHint")}</Text> : null}
      {body}
      {correcting ? (
        <CorrectionDialog
          meeting={meeting}
          row={correcting}
          onClose={() => { setCorrecting(null); }}
          onDone={(text) => {
            setCorrecting(null);
            onCorrected(text);
          }}
        />
      ) : null}
    </>
  );
}
