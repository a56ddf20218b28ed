import "../theme/pageStyles";
import { ActionIcon, Alert, Button, Checkbox, Group, Menu, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDots, IconPlus, IconSearch } from "@tabler/icons-react";
import { useId, useState } from "react";
import { useApi } from "../api/context";
import { unwrap } from "../api/errors";
import { useMe, useUsers } from "../api/queries";
import type { User } from "../api/types";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { fieldErrorsOf, FormDialog, useChange, useIdempotencyKey, WithCurrentVersion } from "../components/dialogs";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";

const USERS_KEY = ["users"] as const;

/** The name column stays in view while the others scroll under it on a phone. */
const STICKY = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" } as const;

interface CreateValues {
  name: string;
  email: string;
  is_platform_admin: boolean;
}

function CreateUserDialog({ onClose, onSaved }: { onClose: () => void; onSaved: (user: User) => void }) {
  const { t } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const form = useForm<CreateValues>({
    mode: "uncontrolled",
    initialValues: { name: "", email: "", is_platform_admin: false },
    validate: {
      name: (value) => (value.trim() ? null : t("admin.users.nameRequired")),
      email: (value) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? null : t("forgot.emailInvalid")),
    },
  });
  const change = useChange(
    [USERS_KEY],
    (values: CreateValues) =>
      unwrap(
        client.POST("/api/v1/users", {
          params: { header: { "Idempotency-Key": key } },
          body: { name: values.name.trim(), email: values.email.trim(), is_platform_admin: values.is_platform_admin },
        }),
      ),
    onSaved,
  );
  const apiErrors = fieldErrorsOf(change.error, t);
  const apiError = (field: string) => apiErrors[field]?.join(" ");
  return (
    <FormDialog
      title={t("admin.users.createTitle")}
      submitLabel={t("admin.users.create")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => {
        if (!form.validate().hasErrors) change.mutate(form.getValues());
      }}
      onClose={onClose}
    >
      <Text size="sm">{t("admin.users.createHint")}</Text>
      <TextInput
        required
        label={t("admin.users.name")}
        key={form.key("name")}
        {...form.getInputProps("name")}
        error={form.errors.name ?? apiError("name")}
      />
      <TextInput
        required
        type="email"
        autoComplete="off"
        label={t("admin.users.email")}
        key={form.key("email")}
        {...form.getInputProps("email")}
        error={form.errors.email ?? apiError("email")}
      />
      <Checkbox
        label={t("admin.users.platformAdmin")}
        key={form.key("is_platform_admin")}
        {...form.getInputProps("is_platform_admin", { type: "checkbox" })}
      />
    </FormDialog>
  );
}

function DeactivateDialog({ user, onClose, onSaved }: { user: User; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { client } = useApi();
  const path = { user_id: user.id };
  const change = useChange(
    [USERS_KEY],
    (etag: string) =>
      unwrap(
        client.PATCH("/api/v1/users/{user_id}", {
          params: { path, header: { "If-Match": etag } },
          body: { is_active: false },
        }),
      ),
    onSaved,
  );
  const title = t("admin.users.deactivateTitle", { name: user.name });
  return (
    <WithCurrentVersion
      title={title}
      queryKey={["user", user.id]}
      load={() => client.GET("/api/v1/users/{user_id}", { params: { path } })}
      onClose={onClose}
    >
      {(current) => (
        <FormDialog
          title={title}
          submitLabel={t("admin.users.deactivate")}
          danger
          pending={change.isPending}
          error={change.error}
          onSubmit={() => {
            change.mutate(current.etag);
          }}
          onClose={onClose}
        >
          <Text>{t("admin.users.deactivateText", { name: current.data.name })}</Text>
        </FormDialog>
      )}
    </WithCurrentVersion>
  );
}

type Dialog = { kind: "create" } | { kind: "deactivate"; user: User } | null;

function UserActions({
  user,
  onDeactivate,
  onResent,
}: {
  user: User;
  onDeactivate: () => void;
  onResent: (user: User, error: unknown) => void;
}) {
  const { t } = useI18n();
  const { client } = useApi();
  const canResend = user.is_active && !user.activated;
  if (!user.is_active) return null;
  const label = t("admin.users.actionsFor", { name: user.name });
  async function resend() {
    try {
      await unwrap(client.POST("/api/v1/users/{user_id}/activation", { params: { path: { user_id: user.id } } }));
      onResent(user, null);
    } catch (caught) {
      onResent(user, caught);
    }
  }
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={label}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {canResend ? <Menu.Item onClick={() => void resend()}>{t("admin.users.resend")}</Menu.Item> : null}
        <Menu.Item color="red" onClick={onDeactivate}>
          {t("admin.users.deactivate")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function UsersTable({ q, onDialog, onNotice }: { q: string; onDialog: (dialog: Dialog) => void; onNotice: (text: string, error?: unknown) => void }) {
  const { t, formatDate } = useI18n();
  const users = useUsers({ q });
  const captionId = useId();

  if (users.isPending) return <LoadingState />;
  if (users.isError && !users.isFetchNextPageError) {
    return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  }
  const items = users.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <EmptyState title={q.trim() ? t("admin.users.noMatch") : t("admin.users.empty")} />;

  return (
    <>
      {/* The frame is positioned, so that nothing hidden inside it can widen the page. */}
      <Table.ScrollContainer minWidth={880} type="native" pos="relative" role="region" aria-labelledby={captionId} tabIndex={0}>
        <Table verticalSpacing="xs" fz="sm">
          <Table.Caption id={captionId} ta="left" fw={600}>{t("admin.users.caption")}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" style={STICKY}>{t("admin.users.name")}</Table.Th>
              <Table.Th scope="col">{t("admin.users.email")}</Table.Th>
              <Table.Th scope="col">{t("admin.users.organisations")}</Table.Th>
              <Table.Th scope="col">{t("admin.users.role")}</Table.Th>
              <Table.Th scope="col">{t("admin.users.status")}</Table.Th>
              <Table.Th scope="col">{t("admin.users.activation")}</Table.Th>
              <Table.Th scope="col">{t("admin.users.lastLogin")}</Table.Th>
              <Table.Th scope="col">{t("common.actions")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Th scope="row" fw={600} style={STICKY}>{user.name}</Table.Th>
                <Table.Td>{user.email}</Table.Td>
                <Table.Td>
                  {user.organisations.length > 0 ? (
                    <Stack component="ul" gap={0} p={0} m={0} style={{ listStyle: "none" }}>
                      {user.organisations.map((organisation) => (
                        <li key={organisation.id}>{organisation.name}</li>
                      ))}
                    </Stack>
                  ) : (
                    t("common.none")
                  )}
                </Table.Td>
                <Table.Td>{user.is_platform_admin ? t("admin.users.platformAdmin") : t("admin.users.member")}</Table.Td>
                <Table.Td>{!user.is_active ? t("admin.users.inactive") : t("admin.users.active")}</Table.Td>
                <Table.Td>{user.activated ? t("admin.users.activated") : t("admin.users.notActivated")}</Table.Td>
                <Table.Td>
                  {user.last_login_at ? (
                    <time dateTime={user.last_login_at}>{formatDate(user.last_login_at, "short")}</time>
                  ) : (
                    t("admin.users.never")
                  )}
                </Table.Td>
                <Table.Td>
                  <UserActions
                    user={user}
                    onDeactivate={() => {
                      onDialog({ kind: "deactivate", user });
                    }}
                    onResent={(resent, error) => {
                      onNotice(t("admin.users.resent", { email: resent.email }), error);
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" c="dimmed" role="status" mt="sm">
        {t("admin.users.shown", { count: items.length })}
      </Text>
      {users.isFetchNextPageError ? (
        <ErrorState error={users.error} onRetry={() => void users.fetchNextPage()} />
      ) : null}
      {users.hasNextPage && !users.isFetchNextPageError ? (
        <Button variant="default" mt="sm" disabled={users.isFetchingNextPage} onClick={() => void users.fetchNextPage()}>
          {users.isFetchingNextPage ? t("admin.users.loadingMore") : t("admin.users.more")}
        </Button>
      ) : null}
    </>
  );
}

function UsersSection() {
  const { t } = useI18n();
  const headingId = useId();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 300);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<{ text: string; error?: unknown } | null>(null);
  function close() {
    setDialog(null);
  }
  return (
    <Paper component="section" withBorder radius="md" p={{ base: "sm", sm: "lg" }} mt="md" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm" mb="sm">
        <Title order={2} id={headingId}>{t("admin.users.title")}</Title>
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => {
            setDialog({ kind: "create" });
          }}
        >
          {t("admin.users.create")}
        </Button>
      </Group>
      <TextInput
        type="search"
        maxLength={32}
        label={t("admin.users.search")}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
        }}
        mb="md"
        maw="28rem"
      />
      <div aria-live="polite">
        {notice ? (
          notice.error ? (
            <ErrorState error={notice.error} />
          ) : (
            <Text c="blue.9" fw={500} mb="md">{notice.text}</Text>
          )
        ) : null}
      </div>
      <UsersTable
        q={q}
        onDialog={setDialog}
        onNotice={(text, error) => {
          setNotice({ text, error });
        }}
      />
      {dialog?.kind === "create" ? (
        <CreateUserDialog
          onClose={close}
          onSaved={(user) => {
            close();
            setNotice({ text: t("admin.users.created", { name: user.name }) });
          }}
        />
      ) : null}
      {dialog?.kind === "deactivate" ? (
        <DeactivateDialog
          user={dialog.user}
          onClose={close}
          onSaved={() => {
            close();
            setNotice({ text: t("admin.users.deactivated", { name: dialog.user.name }) });
          }}
        />
      ) : null}
    </Paper>
  );
}

export default function AdminUsersPage() {
  const { t } = useI18n();
  const me = useMe();
  useDocumentTitle("admin.title");

  let content;
  if (me.isPending) content = <LoadingState />;
  else if (me.isError) content = <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  else if (!me.data.is_platform_admin) {
    content = <Alert color="blue" mt="md">{t("admin.forbidden")}</Alert>;
  } else {
    content = <UsersSection />;
  }

  return (
    <>
      <Title order={1}>{t("admin.title")}</Title>
      {content}
    </>
  );
}
