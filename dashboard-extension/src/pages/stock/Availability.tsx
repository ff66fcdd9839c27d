/**
 * Outbound availability: outside channels told about available-to-sell changes. Subscribe an
 * endpoint (its signing secret is shown once), pause, delete, and redeliver dead letters.
 */

import { useState } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";

import { nodes } from "../../api/client";
import { graphql } from "../../api/graphql";
import type { SubscriptionFragment, SubscriptionsQuery } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors, ShownOnce } from "../../components/forms";
import { Card, Cell, QueryBody, StatusChip, Table, formatDate } from "../../components/ui";

export const SUBSCRIPTION = graphql(`fragment Subscription on OmsAvailabilitySubscription { id name url channels isActive createdAt }`);
export const SUBSCRIPTIONS = graphql(`
query Subscriptions {
  availabilitySubscriptions { ...Subscription }
  availabilityDeliveries(first: 50) { edges { node { id sequence itemCount state attempts lastStatus lastError createdAt subscription { id name } } } }
  inventoryChannels { slug name }
}`, SUBSCRIPTION);
export const SUBSCRIPTION_CREATE = graphql(`
mutation SubscriptionCreate($input: OmsAvailabilitySubscriptionCreateInput!) {
  availabilitySubscriptionCreate(input: $input) { subscription { ...Subscription } secret errors { field message code } }
}`, SUBSCRIPTION);
export const SUBSCRIPTION_UPDATE = graphql(`
mutation SubscriptionUpdate($id: ID!, $input: OmsAvailabilitySubscriptionUpdateInput!) {
  availabilitySubscriptionUpdate(id: $id, input: $input) { subscription { id isActive } errors { field message code } }
}`);
export const SUBSCRIPTION_DELETE = graphql(`
mutation SubscriptionDelete($id: ID!) { availabilitySubscriptionDelete(id: $id) { deletedId errors { field message code } } }`);
export const DELIVERY_REDELIVER = graphql(`
mutation DeliveryRedeliver($id: ID!) { availabilityDeliveryRedeliver(id: $id) { delivery { id state } errors { field message code } } }`);

export type Subscription = SubscriptionFragment;
type Delivery = SubscriptionsQuery["availabilityDeliveries"]["edges"][number]["node"];

/** How a subscription is doing, from its newest delivery among those listed. */
export function subscriptionStatus(subscription: Subscription, deliveries: Delivery[]): string {
  if (!subscription.isActive) return "PAUSED";
  const newest = deliveries.find((delivery) => delivery.subscription.id === subscription.id);
  return newest ? newest.state : "NO_DELIVERIES";
}

export function Availability() {
  const query = useQuery(SUBSCRIPTIONS);
  const deliveries = query.data ? nodes(query.data.availabilityDeliveries) : [];
  return (
    <>
      <Card title="Availability subscriptions">
        <Text as="p" color="default2" marginBottom={3}>
          Each endpoint receives signed POSTs (X-OMS-Signature) with the available-to-sell of its channels whenever it changes.
        </Text>
        <QueryBody {...query} empty={(data) => (data.availabilitySubscriptions.length ? null : { title: "No subscriptions yet" })}>
          {(data) => (
            <Table head={["Name", "Endpoint", "Channels", "Status", "Created", ""]} testId="subscriptions">
              {data.availabilitySubscriptions.map((subscription) => (
                <SubscriptionRow key={subscription.id} subscription={subscription} status={subscriptionStatus(subscription, deliveries)} onChanged={query.reload} />
              ))}
            </Table>
          )}
        </QueryBody>
      </Card>
      <NewSubscription channels={query.data?.inventoryChannels ?? []} onCreated={query.reload} />
      <Card title="Deliveries (newest 50)" actions={<Button variant="tertiary" onClick={query.reload}>Refresh</Button>}>
        {deliveries.length === 0 ? (
          <Text color="default2">Nothing sent yet.</Text>
        ) : (
          <Table head={["Queued", "Subscription", "Sequence", "Items", "State", "Attempts", "Last error", ""]} testId="deliveries">
            {deliveries.map((delivery) => (
              <DeliveryRow key={delivery.id} delivery={delivery} onChanged={query.reload} />
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}

function SubscriptionRow({ subscription, status, onChanged }: { subscription: Subscription; status: string; onChanged: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const toggle = async () => {
    const done = await mutate(
      SUBSCRIPTION_UPDATE,
      { id: subscription.id, input: { isActive: !subscription.isActive } },
      "availabilitySubscriptionUpdate",
      `${subscription.name} ${subscription.isActive ? "paused" : "resumed"}`,
    );
    if (done) onChanged();
  };
  const remove = async () => {
    const done = await mutate(SUBSCRIPTION_DELETE, { id: subscription.id }, "availabilitySubscriptionDelete", `${subscription.name} deleted`);
    if (done) onChanged();
  };
  return (
    <tr data-testid={`subscription-${subscription.name}`}>
      <Cell>{subscription.name}</Cell>
      <Cell>
        <Box as="code" fontSize={2} style={{ wordBreak: "break-all" }}>
          {subscription.url}
        </Box>
      </Cell>
      <Cell>{subscription.channels.join(", ")}</Cell>
      <Cell>
        <StatusChip status={status} />
      </Cell>
      <Cell>{formatDate(subscription.createdAt)}</Cell>
      <Cell>
        <Box display="flex" gap={1}>
          <Button size="small" variant="tertiary" disabled={busy} onClick={toggle}>
            {subscription.isActive ? "Pause" : "Resume"}
          </Button>
          <ConfirmButton label="Delete" question={`Delete ${subscription.name}? It is told nothing more.`} confirmLabel="Delete" disabled={busy} onConfirm={remove} />
        </Box>
        <FieldErrors errors={errors} />
      </Cell>
    </tr>
  );
}

function DeliveryRow({ delivery, onChanged }: { delivery: Delivery; onChanged: () => void }) {
  const { busy, mutate } = useMutation();
  const redeliver = async () => {
    const done = await mutate(DELIVERY_REDELIVER, { id: delivery.id }, "availabilityDeliveryRedeliver", `Delivery ${delivery.sequence} of ${delivery.subscription.name} sent again`);
    if (done) onChanged();
  };
  return (
    <tr>
      <Cell>{formatDate(delivery.createdAt)}</Cell>
      <Cell>{delivery.subscription.name}</Cell>
      <Cell>{delivery.sequence}</Cell>
      <Cell>{delivery.itemCount}</Cell>
      <Cell>
        <StatusChip status={delivery.state} />
      </Cell>
      <Cell>{delivery.attempts}</Cell>
      <Cell>{delivery.lastError || (delivery.lastStatus ? `HTTP ${delivery.lastStatus}` : "—")}</Cell>
      <Cell>
        {delivery.state === "DEAD" && (
          <Button size="small" variant="tertiary" disabled={busy} onClick={redeliver}>
            Redeliver
          </Button>
        )}
      </Cell>
    </tr>
  );
}

function NewSubscription({ channels, onCreated }: { channels: { slug: string; name: string }[]; onCreated: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [secret, setSecret] = useState<{ name: string; secret: string }>();
  const create = async () => {
    const done = await mutate(
      SUBSCRIPTION_CREATE,
      { input: { name: name.trim(), url: url.trim(), channels: chosen } },
      "availabilitySubscriptionCreate",
      `${name.trim()} subscribed`,
    );
    if (done) {
      if (done.subscription && done.secret !== null) setSecret({ name: done.subscription.name, secret: done.secret });
      setName("");
      setUrl("");
      setChosen([]);
      onCreated();
    }
  };
  return (
    <Card title="Subscribe an endpoint">
      {secret && (
        <ShownOnce title={`Signing secret of ${secret.name}: copy it now, it is not shown again.`} value={secret.secret} testId="subscription-secret">
          <Button size="small" variant="tertiary" onClick={() => setSecret(undefined)}>
            I have copied it
          </Button>
        </ShownOnce>
      )}
      <Box display="flex" gap={3} alignItems="flex-end" flexWrap="wrap" data-testid="new-subscription">
        <Input label="Name" size="small" value={name} onChange={(event) => setName(event.target.value)} error={Boolean(errorFor(errors, "name"))} helperText={errorFor(errors, "name")} />
        <Input label="Endpoint URL" size="small" value={url} onChange={(event) => setUrl(event.target.value)} error={Boolean(errorFor(errors, "url"))} helperText={errorFor(errors, "url")} style={{ minWidth: 320 }} />
        {channels.map((channel) => (
          <Checkbox
            key={channel.slug}
            checked={chosen.includes(channel.slug)}
            onCheckedChange={(checked) => setChosen(checked === true ? [...chosen, channel.slug] : chosen.filter((slug) => slug !== channel.slug))}
          >
            <Text size={2}>{channel.name || channel.slug}</Text>
          </Checkbox>
        ))}
        <Button variant="primary" disabled={busy || !name.trim() || !url.trim() || chosen.length === 0} onClick={create}>
          Subscribe
        </Button>
      </Box>
      <FieldErrors errors={errors} />
    </Card>
  );
}
