/**
 * The machine clients (platform admins): the regions' systems, PLO's economy module and scripts
 * that sign in with client credentials. Create one, give it a new secret or revoke it; a secret
 * is shown once, when it is made, and only its hash is kept.
 */
import "../theme/pageStyles";
import "@mantine/core/styles/Table.css";
import "@mantine/core/styles/Menu.css";
import "@mantine/core/styles/Popover.css";
import "@mantine/core/styles/Alert.css";
import "@mantine/core/styles/Checkbox.css";
import "@mantine/core/styles/Code.css";
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Menu,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy, IconDots, IconKey, IconPlus, IconTrash } from "@tabler/icons-react";
import { useId, useState } from "react";
import {
  useCreateMachineClient,
  useMachineClients,
  useOrganisations,
  useRevokeMachineClient,
  useRotateMachineClientSecret,
} from "../api/clients";
import type { MachineClient, MachineClientCreate, MachineClientWithSecret } from "../api/types";
import { FormDialog, fieldErrorsOf } from "../components/dialogs";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Modal } from "../components/Modal";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";
import { formatDateTime } from "../i18n/format";

/** The name column stays in view while the others scroll under it on a phone. */
const STICKY = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" } as const;

export const SCOPES = [
  "clusters:read",
  "clusters:write",
  "attendance:read",
  "economy:read",
  "economy:write",
  "packages:write",
  "surveys:write",
] as const satisfies readonly NonNullable<MachineClientCreate["scopes"]>[number][];

/** The secret, shown this once, with a copy button and the warning that it is not kept. */
function SecretDialog({ created, onClose }: { created: MachineClientWithSecret; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal title={t("clients.secretTitle", { name: created.name })} onClose={onClose}>
      <Stack gap="sm">
        <Alert color="orange" icon={<IconAlertTriangle size={18} aria-hidden />} title={t("clients.secretWarning")} />
        <Text size="sm" fw={600}>
          {t("clients.clientId")}: <Code>{created.client_id}</Code>
        </Text>
        <Text size="sm" fw={600}>
          {t("clients.secretLabel")}
        </Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code block style={{ wordBreak: "break-all", whiteSpace: "pre-wrap", flex: 1 }} data-testid="client-secret">
            {created.client_secret}
          </Code>
          <CopyButton value={created.client_secret}>
            {({ copied, copy }) => (
              <Button
                color={copied ? "green" : undefined}
                leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                onClick={copy}
              >
                {copied ? t("clients.copied") : t("clients.copy")}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button onClick={onClose}>{t("clients.done")}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CreateDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (created: MachineClientWithSecret) => void }) {
  const { t } = useI18n();
  const organisations = useOrganisations();
  const create = useCreateMachineClient();
  const [clientId, setClientId] = useState("");
  const [name, setName] = useState("");
  const [organisationId, setOrganisationId] = useState("");
  const [scopes, setScopes] = useState<string[]>([]);
  const errors = fieldErrorsOf(create.error, t);
  const firstOrganisation = organisations.data?.[0]?.id ?? "";
  const chosenOrganisation = organisationId || firstOrganisation;
  return (
    <FormDialog
      title={t("clients.createTitle")}
      submitLabel={t("clients.save")}
      pending={create.isPending}
      error={create.error}
      disabled={!clientId || !name || !chosenOrganisation}
      onClose={onClose}
      onSubmit={() => {
        create.mutate(
          {
            client_id: clientId,
            name,
            organisation_id: chosenOrganisation,
            scopes: scopes as MachineClientCreate["scopes"],
          },
          { onSuccess: onCreated },
        );
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t("clients.clientId")}
          value={clientId}
          required
          error={errors.client_id?.join(" ")}
          onChange={(event) => {
            setClientId(event.currentTarget.value);
          }}
        />
        <TextInput
          label={t("clients.name")}
          value={name}
          required
          error={errors.name?.join(" ")}
          onChange={(event) => {
            setName(event.currentTarget.value);
          }}
        />
        <NativeSelect
          label={t("clients.organisation")}
          value={chosenOrganisation}
          data={(organisations.data ?? []).map((organisation) => ({ value: organisation.id, label: organisation.name }))}
          onChange={(event) => {
            setOrganisationId(event.currentTarget.value);
          }}
        />
        <Checkbox.Group label={t("clients.scopes")} value={scopes} onChange={setScopes} error={errors.scopes?.join(" ")}>
          <Stack gap={6} mt={6}>
            {SCOPES.map((scope) => (
              <Checkbox key={scope} value={scope} label={scope} />
            ))}
          </Stack>
        </Checkbox.Group>
      </Stack>
    </FormDialog>
  );
}

type Pending = { kind: "rotate" | "revoke"; client: MachineClient };

function ConfirmDialog({ pending, onClose, onRotated }: { pending: Pending; onClose: () => void; onRotated: (created: MachineClientWithSecret) => void }) {
  const { t } = useI18n();
  const rotate = useRotateMachineClientSecret();
  const revoke = useRevokeMachineClient();
  const name = pending.client.name;
  const revoking = pending.kind === "revoke";
  const change = revoking ? revoke : rotate;
  return (
    <FormDialog
      title={revoking ? t("clients.revokeTitle", { name }) : t("clients.rotateTitle", { name })}
      submitLabel={revoking ? t("clients.revoke") : t("clients.rotate")}
      pending={change.isPending}
      error={change.error}
      danger
      onClose={onClose}
      onSubmit={() => {
        if (revoking) revoke.mutate(pending.client, { onSuccess: onClose });
        else rotate.mutate(pending.client, { onSuccess: onRotated });
      }}
    >
      <Text size="sm">{revoking ? t("clients.revokeBody", { name }) : t("clients.rotateBody")}</Text>
    </FormDialog>
  );
}

export default function AdminClientsPage() {
  const { t, locale } = useI18n();
  useDocumentTitle("clients.title");
  const clients = useMachineClients();
  const captionId = useId();
  const [creating, setCreating] = useState(false);
  const [confirming, setConfirming] = useState<Pending | null>(null);
  const [secret, setSecret] = useState<MachineClientWithSecret | null>(null);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={1}>{t("clients.title")}</Title>
        <Text size="lg">{t("clients.intro")}</Text>
      </Stack>
      <Group>
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => {
            setCreating(true);
          }}
        >
          {t("clients.create")}
        </Button>
      </Group>
      {clients.isPending ? <LoadingState /> : null}
      {clients.isError ? <ErrorState error={clients.error} onRetry={() => void clients.refetch()} /> : null}
      {clients.isSuccess && clients.data.length === 0 ? <EmptyState title={t("clients.empty")} /> : null}
      {clients.isSuccess && clients.data.length > 0 ? (
        // The frame is positioned, so that the caption hidden for all but screen readers stays inside it.
        <Table.ScrollContainer minWidth={760} type="native" pos="relative" role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table striped>
            <Table.Caption id={captionId} className="visually-hidden">
              {t("clients.caption")}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" style={STICKY}>{t("clients.name")}</Table.Th>
                <Table.Th scope="col">{t("clients.organisation")}</Table.Th>
                <Table.Th scope="col">{t("clients.scopes")}</Table.Th>
                <Table.Th scope="col">{t("clients.status")}</Table.Th>
                <Table.Th scope="col">{t("clients.lastUsed")}</Table.Th>
                <Table.Th scope="col">
                  <span className="visually-hidden">{t("clients.actions", { name: "" })}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clients.data.map((client) => (
                <Table.Tr key={client.id}>
                  <Table.Th scope="row" style={STICKY}>
                    <Text fw={600} size="sm">
                      {client.name}
                    </Text>
                    <Code>{client.client_id}</Code>
                  </Table.Th>
                  <Table.Td>{client.organisation.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {client.scopes.map((scope) => (
                        <Badge key={scope} size="sm" tt="none">
                          {scope}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={client.is_active ? "green" : "gray"}>
                      {client.is_active ? t("clients.active") : t("clients.revoked")}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{client.last_used_at ? formatDateTime(client.last_used_at, locale) : t("clients.never")}</Table.Td>
                  <Table.Td>
                    {client.is_active ? (
                      <Menu
                        position="bottom-end"
                        withinPortal
                        opened={menuFor === client.id}
                        onChange={(opened) => {
                          setMenuFor(opened ? client.id : null);
                        }}
                      >
                        <Menu.Target>
                          <ActionIcon variant="subtle" aria-label={t("clients.actions", { name: client.name })}>
                            <IconDots size={18} aria-hidden />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item
                            leftSection={<IconKey size={16} aria-hidden />}
                            onClick={() => {
                              setMenuFor(null);
                              setConfirming({ kind: "rotate", client });
                            }}
                          >
                            {t("clients.rotate")}
                          </Menu.Item>
                          <Menu.Item
                            color="red"
                            leftSection={<IconTrash size={16} aria-hidden />}
                            onClick={() => {
                              setMenuFor(null);
                              setConfirming({ kind: "revoke", client });
                            }}
                          >
                            {t("clients.revoke")}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {creating ? (
        <CreateDialog
          onClose={() => {
            setCreating(false);
          }}
          onCreated={(created) => {
            setCreating(false);
            setSecret(created);
          }}
        />
      ) : null}
      {confirming ? (
        <ConfirmDialog
          pending={confirming}
          onClose={() => {
            setConfirming(null);
          }}
          onRotated={(rotated) => {
            setConfirming(null);
            setSecret(rotated);
          }}
        />
      ) : null}
      {secret ? (
        <SecretDialog
          created={secret}
          onClose={() => {
            setSecret(null);
          }}
        />
      ) : null}
    </Stack>
  );
}
