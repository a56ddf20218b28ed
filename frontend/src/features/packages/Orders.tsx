/** A cluster's orders of packages with the unit's answer, and the cancelling of one still requested. */
import { Anchor, Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/context";
import { cancelOrder, packageKeys } from "../../api/packages";
import type { PackageOrder } from "../../api/types";
import { meetingPath, packagePath } from "../../app/navigation";
import { FormDialog, useChange, useIdempotencyKey } from "../../components/dialogs";
import { useI18n } from "../../i18n/context";
import { ORDER_STATE_COLORS, ORDER_STATE_KEYS } from "./labels";

/** What the order is for: a meeting, a period, or both. */
function Wish({ order }: { order: PackageOrder }) {
  const { t, formatDate } = useI18n();
  const period = order.wished_from
    ? order.wished_to && order.wished_to !== order.wished_from
      ? t("packages.order.period", { from: formatDate(order.wished_from), to: formatDate(order.wished_to) })
      : t("packages.order.day", { date: formatDate(order.wished_from) })
    : null;
  return (
    <Text size="sm">
      {period}
      {period && order.meeting_id ? " · " : null}
      {order.meeting_id ? (
        <Anchor component={Link} to={meetingPath(order.meeting_id)} size="sm">
          {t("packages.order.forMeeting")}
        </Anchor>
      ) : null}
    </Text>
  );
}

/** The unit's answer in words: who facilitates, or why it was declined. */
export function OrderState({ order }: { order: PackageOrder }) {
  const { t } = useI18n();
  let detail: string | null = null;
  if (order.state === "accepted" && order.facilitator) detail = t("packages.order.facilitator", { facilitator: order.facilitator });
  if (order.state === "declined" && order.decline_reason) detail = t("packages.order.reason", { reason: order.decline_reason });
  return (
    <Stack gap={4}>
      <Badge color={ORDER_STATE_COLORS[order.state]} variant="filled" tt="none" w="fit-content">
        {t(ORDER_STATE_KEYS[order.state])}
      </Badge>
      {detail ? <Text size="sm" style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>{detail}</Text> : null}
    </Stack>
  );
}

function CancelOrderDialog({ order, onClose, onDone }: { order: PackageOrder; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const key = useIdempotencyKey();
  const cancel = useChange([packageKeys.orders], () => cancelOrder(api, order.id, key), onDone);
  return (
    <FormDialog
      title={t("packages.order.cancelTitle")}
      submitLabel={t("packages.order.cancelConfirm")}
      pendingLabel={t("packages.order.cancelling")}
      pending={cancel.isPending}
      error={cancel.error}
      onSubmit={() => { cancel.mutate(undefined); }}
      onClose={onClose}
      danger
    >
      <Stack gap="xs">
        <Text fw={600}>{t("packages.order.cancelQuestion", { title: order.package_title, unit: order.unit_name })}</Text>
        <Text>{t("packages.order.cancelEffect", { unit: order.unit_name })}</Text>
      </Stack>
    </FormDialog>
  );
}

interface OrderListProps {
  orders: readonly PackageOrder[];
  /** The person orders for these clusters, and so cancels their requested orders. */
  cancelsFor: ReadonlySet<string>;
  /** Show the package's title (a cluster's list) or the cluster's name (a package's). */
  show: "package" | "cluster";
  /** Said when an order was cancelled. */
  onCancelled: (message: string) => void;
}

/** Orders as a list of cards, newest first (as the API answers them). */
export function OrderList({ orders, cancelsFor, show, onCancelled }: OrderListProps) {
  const { t, formatDate } = useI18n();
  const [cancelling, setCancelling] = useState<PackageOrder | null>(null);
  return (
    <>
      <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }} aria-label={t("packages.order.listLabel")}>
        {orders.map((order) => (
          <Paper component="li" key={order.id} withBorder radius="md" p="sm">
            <Group justify="space-between" align="flex-start" gap="sm">
              <Stack gap={4} miw={0} style={{ flex: "1 1 14rem" }}>
                <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                  {show === "package" ? (
                    <Anchor component={Link} to={packagePath(order.package_id)} fw={600}>
                      {order.package_title}
                    </Anchor>
                  ) : (
                    order.cluster_name
                  )}
                </Text>
                <Text size="sm" c="dimmed">
                  {show === "package" ? `${order.unit_name} · ` : null}
                  {t("packages.order.orderedOn", { date: formatDate(order.created_at) })}
                </Text>
                <Wish order={order} />
                {order.message ? (
                  <Text size="sm" style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>
                    {order.message}
                  </Text>
                ) : null}
              </Stack>
              <Stack gap="xs" style={{ flex: "0 1 16rem" }} miw={0}>
                <OrderState order={order} />
                {order.state === "requested" && cancelsFor.has(order.cluster_id) ? (
                  <Button
                    variant="default"
                    size="compact-sm"
                    w="fit-content"
                    aria-label={t("packages.order.cancelAbout", { title: order.package_title })}
                    onClick={() => { setCancelling(order); }}
                  >
                    {t("packages.order.cancel")}
                  </Button>
                ) : null}
              </Stack>
            </Group>
          </Paper>
        ))}
      </Stack>
      {cancelling ? (
        <CancelOrderDialog
          order={cancelling}
          onClose={() => { setCancelling(null); }}
          onDone={() => {
            onCancelled(t("packages.order.cancelled", { title: cancelling.package_title }));
            setCancelling(null);
          }}
        />
      ) : null}
    </>
  );
}
