/** Settings: who you are, the installation, its settings (routing, rules, replenishment, availability), return policies per channel, and API keys for integrations (optionally scoped to one location: a 3PL or store). */

import { useEffect, useState } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";
import { useLocation } from "react-router-dom";

import { nodes, payloadOf } from "../api/client";
import { graphql } from "../api/graphql";
import type { KeysQuery } from "../api/generated/operations";
import { useApp } from "../app/AppContext";
import { useAction, useQuery } from "../app/hooks";
import { Card, Cell, PageHeader, QueryBody, Select, StatusChip, Table, formatDate } from "../components/ui";
import { useLocations } from "../queries/locations";
import { ReturnPolicies } from "./settings/ReturnPolicies";
import { TenantSettings } from "./settings/TenantSettings";

export const ME = graphql(`query Me { me { kind email permissions } tenant { name saleorApiUrl saleorVersion installedAt } }`);
export const KEYS = graphql(`query Keys { apiKeys(first: 100, includeRevoked: true) { edges { node { id name prefix permissions createdBy createdAt lastUsedAt isActive location { id name } } } } }`);
export const CREATE = graphql(`
mutation ApiKeyCreate($input: OmsApiKeyCreateInput!) { apiKeyCreate(input: $input) { key apiKey { id name } errors { field message code } } }`);
export const REVOKE = graphql(`mutation ApiKeyRevoke($id: ID!) { apiKeyRevoke(id: $id) { apiKey { id isActive } errors { field message code } } }`);
const GRANTABLE = ["MANAGE_ORDERS", "MANAGE_PRODUCTS"];

type ApiKey = KeysQuery["apiKeys"]["edges"][number]["node"];

export function SettingsPage() {
  const me = useQuery(ME);
  // Keys are made by people (staff, Dashboard users), never by another key.
  const canManageKeys =
    (me.data?.me.kind === "STAFF" || me.data?.me.kind === "APP_EXTENSION") && me.data.me.permissions.includes("MANAGE_APPS");
  // Links such as /settings#routing (the onboarding checklist's) open at their section.
  const { hash } = useLocation();
  const ready = Boolean(me.data);
  useEffect(() => {
    if (ready && hash) document.getElementById(hash.slice(1))?.scrollIntoView?.({ block: "start" });
  }, [hash, ready]);
  return (
    <>
      <PageHeader title="Settings" />
      <Box id="installation" />
      <Card title="This installation">
        <QueryBody {...me}>
          {(data) => (
            <Box display="grid" gap={2} style={{ gridTemplateColumns: "12rem 1fr" }}>
              <Text color="default2">Signed in as</Text>
              <Text>
                {data.me.email || data.me.kind.toLowerCase().replace("_", " ")} ({data.me.permissions.join(", ") || "no permissions"})
              </Text>
              <Text color="default2">Saleor</Text>
              <Text>{data.tenant ? `${data.tenant.saleorApiUrl} (${data.tenant.saleorVersion || "version unknown"})` : "—"}</Text>
              <Text color="default2">Installed</Text>
              <Text>{formatDate(data.tenant?.installedAt)}</Text>
            </Box>
          )}
        </QueryBody>
      </Card>
      {me.data && <TenantSettings />}
      {me.data && <ReturnPolicies />}
      {me.data && (canManageKeys ? <ApiKeys /> : (
        <Card title="API keys">
          <Text color="default2" data-testid="api-keys-unavailable">
            API keys are managed by staff holding Saleor's MANAGE_APPS permission, from the Dashboard; an API key cannot
            create or list keys.
          </Text>
        </Card>
      ))}
    </>
  );
}

export function ApiKeys() {
  const { client } = useApp();
  const { busy, run } = useAction();
  const keys = useQuery(KEYS);
  const [name, setName] = useState("");
  const [permissions, setPermissions] = useState<string[]>(["MANAGE_ORDERS"]);
  const [locationId, setLocationId] = useState("");
  const { locations } = useLocations();
  const [created, setCreated] = useState<string>();

  const create = () =>
    run(async () => {
      const data = await client.request(CREATE, { input: { name, permissions, locationId: locationId || null } });
      setCreated(payloadOf(data.apiKeyCreate).key ?? undefined);
      setName("");
      keys.reload();
    }, "API key created");
  const revoke = (key: ApiKey) =>
    run(async () => {
      const data = await client.request(REVOKE, { id: key.id });
      payloadOf(data.apiKeyRevoke);
      keys.reload();
    }, `${key.name} revoked`);

  return (
    <Card title="API keys">
      <Box display="flex" gap={3} alignItems="flex-end" marginBottom={4} flexWrap="wrap">
        <Input label="Name" size="small" value={name} onChange={(event) => setName(event.target.value)} />
        {GRANTABLE.map((permission) => (
          <Checkbox
            key={permission}
            checked={permissions.includes(permission)}
            onCheckedChange={(checked) => setPermissions(checked === true ? [...permissions, permission] : permissions.filter((item) => item !== permission))}
          >
            <Text size={2}>{permission}</Text>
          </Checkbox>
        ))}
        <Select
          label="Location"
          value={locationId}
          onChange={(event) => setLocationId(event.target.value)}
          options={[{ value: "", label: "every location" }, ...locations.map((location) => ({ value: location.id, label: `only ${location.name}` }))]}
        />
        <Button variant="primary" disabled={busy || !name.trim() || permissions.length === 0} onClick={create}>
          Create key
        </Button>
      </Box>
      {created && (
        <Box padding={3} borderRadius={3} backgroundColor="warning1" marginBottom={4} data-testid="new-api-key">
          <Text fontWeight="bold">Copy this key now; it is not shown again:</Text>
          <Box as="pre" marginTop={2} fontSize={2} style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
            {created}
          </Box>
        </Box>
      )}
      <QueryBody {...keys} empty={(data) => (data.apiKeys.edges.length ? null : { title: "No API keys" })}>
        {(data) => (
          <Table head={["Name", "Prefix", "Permissions", "Location", "Created", "Last used", "", ""]}>
            {nodes(data.apiKeys).map((key) => (
              <tr key={key.id}>
                <Cell>{key.name}</Cell>
                <Cell>{key.prefix}…</Cell>
                <Cell>{key.permissions.join(", ")}</Cell>
                <Cell>{key.location?.name ?? "every location"}</Cell>
                <Cell>{`${formatDate(key.createdAt)}${key.createdBy ? ` by ${key.createdBy}` : ""}`}</Cell>
                <Cell>{formatDate(key.lastUsedAt)}</Cell>
                <Cell>
                  <StatusChip status={key.isActive ? "active" : "revoked"} />
                </Cell>
                <Cell>
                  {key.isActive && (
                    <Button variant="error" size="small" disabled={busy} onClick={() => revoke(key)}>
                      Revoke
                    </Button>
                  )}
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </QueryBody>
    </Card>
  );
}
