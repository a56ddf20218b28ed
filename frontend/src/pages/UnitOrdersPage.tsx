/**
 * /enhed/bestillinger: the orders of the unit's packages, newest first, filtered by state. A
 * requested order is accepted, perhaps with a facilitator (a name, or the person themself), or
 * declined with a reason the cluster reads.
 */
import "../theme/pageStyles";
import { Anchor, Badge, Button, Group, NativeSelect, Paper, Radio, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../api/context";
import { useMe } from "../api/queries";
import { answerOrder, unitPackageKeys, useUnitOrders, type OrderAnswer, type PackageOrder, type PackageOrderState } from "../api/unitPackages";
import { packagePath } from "../app/navigation";
import { FormDialog, useChange, useIdempotencyKey } from "../components/dialogs";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { ORDER_STATE_COLORS, ORDER_STATE_KEYS } from "../features/unitPackages/labels";
import { useI18n } from "../i18n/context";

const STATES: readonly PackageOrderState[] = ["requested", "accepted", "declined", "cancelled"];

type Facilitator = "none" | "me" | "named";

function AcceptDialog({ order, onClose }: { order: PackageOrder; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const me = useMe();
  const key = useIdempotencyKey();
  const [who, setWho] = useState<Facilitator>("none");
  const [name, setName] = useState("");
  const [missing, setMissing] = useState(false);
  const change = useChange([unitPackageKeys.all], (answer: OrderAnswer) => answerOrder(api, order.id, answer, key), onClose);
  return (
    <FormDialog
      title={t("unitOrders.acceptTitle", { title: order.package_title })}
      submitLabel={t("unitOrders.accept")}
      pending={change.isPending}
      error={change.error}
      showFieldErrors
      onSubmit={() => {
        const named = name.trim();
        if (who === "named" && !named) {
          setMissing(true);
          return;
        }
        change.mutate({
          action: "accept",
          facilitator: who === "named" ? named : null,
          facilitatorUserId: who === "me" ? (me.data?.id ?? null) : null,
        });
      }}
      onClose={onClose}
    >
      <Stack gap="sm">
        <Text>{t("unitOrders.acceptIntro", { cluster: order.cluster_name })}</Text>
        <Radio.Group
          label={t("unitOrders.facilitator")}
          value={who}
          onChange={(value) => {
            setWho(value);
            setMissing(false);
          }}
        >
          <Stack gap="xs" mt={4}>
            <Radio value="none" label={t("unitOrders.facilitatorNone")} />
            <Radio value="me" label={t("unitOrders.facilitatorMe", { name: me.data?.name ?? "" })} disabled={!me.data} />
            <Radio value="named" label={t("unitOrders.facilitatorNamed")} />
          </Stack>
        </Radio.Group>
        {who === "named" ? (
          <TextInput
            label={t("unitOrders.facilitatorName")}
            description={t("unitOrders.facilitatorNameHint")}
            required
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? t("errorCode.required") : undefined}
            data-autofocus
          />
        ) : null}
      </Stack>
    </FormDialog>
  );
}

function DeclineDialog({ order, onClose }: { order: PackageOrder; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const key = useIdempotencyKey();
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const change = useChange([unitPackageKeys.all], (answer: OrderAnswer) => answerOrder(api, order.id, answer, key), onClose);
  return (
    <FormDialog
      title={t("unitOrders.declineTitle", { title: order.package_title })}
      submitLabel={t("unitOrders.decline")}
      pending={change.isPending}
      error={change.error}
      showFieldErrors
      danger
      onSubmit={() => {
        if (!reason.trim()) {
          setMissing(true);
          return;
        }
        change.mutate({ action: "decline", reason: reason.trim() });
      }}
      onClose={onClose}
    >
      <Textarea
        label={t("unitOrders.reason")}
        description={t("unitOrders.reasonHint", { cluster: order.cluster_name })}
        required
        rows={3}
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value);
          setMissing(false);
        }}
        error={missing ? t("errorCode.required") : undefined}
        data-autofocus
      />
    </FormDialog>
  );
}

function OrderItem({
  order,
  myId,
  onAnswer,
}: {
  order: PackageOrder;
  myId: string | null;
  onAnswer: (action: "accept" | "decline") => void;
}) {
  const { t, formatDate } = useI18n();
  const period = order.wished_from
    ? order.wished_to
      ? t("unitOrders.period", { from: formatDate(order.wished_from, "short"), to: formatDate(order.wished_to, "short") })
      : t("unitOrders.from", { from: formatDate(order.wished_from, "short") })
    : null;
  return (
    <Paper component="li" withBorder p="sm" radius="md" aria-label={t("unitOrders.orderOf", { title: order.package_title, cluster: order.cluster_name })}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={0} miw={0}>
            <Anchor component={Link} to={packagePath(order.package_id)} fw={600} style={{ overflowWrap: "anywhere" }}>
              {order.package_title}
            </Anchor>
            <Text size="sm">{order.cluster_name}</Text>
          </Stack>
          <Badge variant="filled" tt="none" color={ORDER_STATE_COLORS[order.state]}>
            {t(ORDER_STATE_KEYS[order.state])}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {[t("unitOrders.orderedOn", { date: formatDate(order.created_at, "short") }), period].filter(Boolean).join(" · ")}
        </Text>
        {order.message ? <Text size="sm" style={{ whiteSpace: "pre-line", overflowWrap: "anywhere" }}>{order.message}</Text> : null}
        {order.state === "accepted" ? (
          <Text size="sm">
            {order.facilitator
              ? t("unitOrders.facilitatorShown", { facilitator: order.facilitator })
              : order.facilitator_user_id
                ? order.facilitator_user_id === myId
                  ? t("unitOrders.facilitatorYou")
                  : t("unitOrders.facilitatorStaff")
                : t("unitOrders.noFacilitator")}
          </Text>
        ) : null}
        {order.state === "declined" && order.decline_reason ? (
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            {t("unitOrders.declinedBecause", { reason: order.decline_reason })}
          </Text>
        ) : null}
        {order.answered_at ? <Text size="sm" c="dimmed">{t("unitOrders.answeredOn", { date: formatDate(order.answered_at, "short") })}</Text> : null}
        {order.state === "requested" ? (
          <Group gap="xs">
            <Button size="sm" leftSection={<IconCheck size={16} aria-hidden />} onClick={() => { onAnswer("accept"); }}>
              {t("unitOrders.accept")}
            </Button>
            <Button size="sm" variant="default" color="red.9" leftSection={<IconX size={16} aria-hidden />} onClick={() => { onAnswer("decline"); }}>
              {t("unitOrders.decline")}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

export default function UnitOrdersPage() {
  const { t } = useI18n();
  useDocumentTitle("unitOrders.title");
  const [state, setState] = useState<PackageOrderState | null>("requested");
  const orders = useUnitOrders(state);
  const me = useMe();
  const [answering, setAnswering] = useState<{ order: PackageOrder; action: "accept" | "decline" } | null>(null);
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  const close = () => { setAnswering(null); };
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t("unitOrders.title")}</Title>
        <Text size="lg">{t("unitOrders.intro")}</Text>
      </Stack>
      <NativeSelect
        label={t("unitOrders.filterState")}
        value={state ?? ""}
        onChange={(event) => { setState((event.currentTarget.value || null) as PackageOrderState | null); }}
        data={[{ value: "", label: t("unitOrders.allStates") }, ...STATES.map((value) => ({ value, label: t(ORDER_STATE_KEYS[value]) }))]}
        maw={320}
      />
      {orders.isPending ? <LoadingState /> : null}
      {orders.isError ? <ErrorState error={orders.error} onRetry={() => void orders.refetch()} /> : null}
      {orders.isSuccess && items.length === 0 ? <EmptyState title={t("unitOrders.none")} /> : null}
      {items.length > 0 ? (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
          {items.map((order) => (
            <OrderItem key={order.id} order={order} myId={me.data?.id ?? null} onAnswer={(action) => { setAnswering({ order, action }); }} />
          ))}
        </Stack>
      ) : null}
      {orders.hasNextPage ? (
        <Button variant="default" onClick={() => void orders.fetchNextPage()} loading={orders.isFetchingNextPage}>
          {t("unitOrders.more")}
        </Button>
      ) : null}
      {answering?.action === "accept" ? <AcceptDialog order={answering.order} onClose={close} /> : null}
      {answering?.action === "decline" ? <DeclineDialog order={answering.order} onClose={close} /> : null}
    </Stack>
  );
}
