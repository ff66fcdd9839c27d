/**
 * New order: a phone or B2B order taken by staff. The customer, channel, variants, draft and
 * its completion are Saleor's (asked with the Dashboard token, so the staff member's own
 * permissions apply); what each variant may still sell in the channel and when the cart would
 * arrive are the OMS's (`channelAvailability`, `deliveryPromise`). Saleor creates the draft
 * (`draftOrderCreate`), offers its shipping methods, and completes it into an order
 * (`draftOrderComplete`); its errors are shown at the fields they are about.
 */

import { useEffect, useMemo, useState, type KeyboardEvent } from "react";
import { Box, Button, Checkbox, Input, Text } from "@saleor/macaw-ui";

import { errorMessage, type Client } from "../api/client";
import { graphql } from "../api/graphql";
import { useApp } from "../app/AppContext";
import { useQuery } from "../app/hooks";
import { Card, Cell, EmptyState, ErrorState, Loading, PageHeader, Select, Table, money } from "../components/ui";
import {
  ADDRESS_INPUTS,
  EMPTY_ADDRESS,
  addressError,
  addressFields,
  draftInput,
  errorText,
  placeOf,
  promiseDestination,
  type Customer,
  type ErrorPlace,
} from "./draftOrder/draft";
import {
  SALEOR_CHANNELS,
  SALEOR_CUSTOMERS,
  SALEOR_DRAFT_COMPLETE,
  SALEOR_DRAFT_CREATE,
  SALEOR_DRAFT_SHIPPING,
  SALEOR_VARIANTS,
  type AddressInput,
  type SaleorChannel,
  type SaleorCustomer,
  type SaleorDraft,
  type SaleorOrderError,
  type SaleorVariant,
} from "./draftOrder/saleor";

export const DRAFT_AVAILABILITY = graphql(`
query DraftAvailability($channel: String!, $variantIds: [String!]!) {
  channelAvailability(channel: $channel, variantIds: $variantIds) { variantId availableToSell }
}`);

export const DRAFT_PROMISE = graphql(`
query DraftPromise($channel: String!, $lines: [OmsPromiseLineInput!]!, $address: OmsPromiseDestinationInput) {
  deliveryPromise(channel: $channel, lines: $lines, address: $address) {
    serviceCode serviceName complete shipDate earliest latest shipsFrom sentence
  }
}`);

export function DraftOrderPage() {
  const { saleorClient } = useApp();
  return (
    <>
      <PageHeader title="New order" />
      {saleorClient ? (
        <DraftOrderForm saleor={saleorClient} />
      ) : (
        <Card>
          <EmptyState title="Open this inside Saleor's Dashboard" text="Orders are drafted in Saleor with your Dashboard session; standalone the app has none." />
        </Card>
      )}
    </>
  );
}

interface Line {
  variant: SaleorVariant;
  quantity: number;
}

/** Enter in a search field searches (there is no form to submit). */
const onEnter = (action: () => unknown) => (event: KeyboardEvent) => {
  if (event.key !== "Enter") return;
  event.preventDefault();
  void action();
};

const variantLabel = (variant: SaleorVariant) => `${variant.product.name}${variant.name ? ` · ${variant.name}` : ""}`;

function DraftOrderForm({ saleor }: { saleor: Client }) {
  const { notify, openInDashboard } = useApp();
  const [channels, setChannels] = useState<SaleorChannel[]>();
  const [channelsError, setChannelsError] = useState<string>();
  const [channelId, setChannelId] = useState("");
  const [customer, setCustomer] = useState<Customer>();
  const [lines, setLines] = useState<Line[]>([]);
  const [shipping, setShipping] = useState<AddressInput>({ ...EMPTY_ADDRESS });
  const [billing, setBilling] = useState<AddressInput>({ ...EMPTY_ADDRESS });
  const [billingSame, setBillingSame] = useState(true);
  const [errors, setErrors] = useState<SaleorOrderError[]>([]);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<SaleorDraft>();
  const [methodId, setMethodId] = useState("");
  const [completed, setCompleted] = useState<{ id: string; number: string }>();

  useEffect(() => {
    saleor
      .request(SALEOR_CHANNELS)
      .then((data) => {
        const active = (data.channels ?? []).filter((channel) => channel.isActive);
        setChannels(active);
        if (active.length === 1) setChannelId(active[0].id);
      })
      .catch((caught: unknown) => setChannelsError(errorMessage(caught)));
  }, [saleor]);

  const channel = channels?.find((item) => item.id === channelId);
  const locked = Boolean(draft) || busy;

  const chooseCustomer = (found: SaleorCustomer) => {
    setCustomer({ kind: "existing", id: found.id, email: found.email });
    setShipping(addressFields(found.defaultShippingAddress));
    setBilling(addressFields(found.defaultBillingAddress ?? found.defaultShippingAddress));
    setBillingSame(!found.defaultBillingAddress);
  };

  const addVariant = (variant: SaleorVariant) =>
    setLines((current) =>
      current.some((line) => line.variant.id === variant.id)
        ? current.map((line) => (line.variant.id === variant.id ? { ...line, quantity: line.quantity + 1 } : line))
        : [...current, { variant, quantity: 1 }],
    );

  const errorsAt = (place: ErrorPlace) => errors.filter((error) => placeOf(error) === place);

  /** Saleor's answer: its errors kept for the form, or the draft / order it returned. */
  const send = async <T,>(request: () => Promise<{ errors: SaleorOrderError[] } & T | null>): Promise<T | undefined> => {
    setBusy(true);
    setErrors([]);
    setFailure(undefined);
    try {
      const payload = await request();
      if (!payload) throw new Error("Saleor answered without a result.");
      if (payload.errors.length > 0) {
        setErrors(payload.errors);
        notify("error", "Saleor refused the order", payload.errors.map(errorText).join("; "));
        return undefined;
      }
      return payload;
    } catch (caught) {
      setFailure(errorMessage(caught));
      notify("error", "Saleor could not be asked", errorMessage(caught));
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const create = async () => {
    if (!channel || !customer) return;
    const input = draftInput(
      channel.id,
      customer,
      lines.map((line) => ({ variantId: line.variant.id, quantity: line.quantity })),
      shipping,
      billingSame ? shipping : billing,
    );
    const created = await send(async () => (await saleor.request(SALEOR_DRAFT_CREATE, { input })).draftOrderCreate);
    if (created?.order) {
      setDraft(created.order);
      const first = created.order.shippingMethods.find((method) => method.active);
      setMethodId(first?.id ?? "");
      notify("success", `Draft #${created.order.number} created in Saleor`);
    }
  };

  const complete = async () => {
    if (!draft) return;
    if (methodId) {
      const updated = await send(async () => (await saleor.request(SALEOR_DRAFT_SHIPPING, { id: draft.id, shippingMethod: methodId })).draftOrderUpdate);
      if (!updated?.order) return;
      setDraft(updated.order);
    }
    const done = await send(async () => (await saleor.request(SALEOR_DRAFT_COMPLETE, { id: draft.id })).draftOrderComplete);
    if (done?.order) {
      setCompleted(done.order);
      notify("success", `Order #${done.order.number} placed`);
    }
  };

  const restart = () => {
    setCustomer(undefined);
    setLines([]);
    setShipping({ ...EMPTY_ADDRESS });
    setBilling({ ...EMPTY_ADDRESS });
    setBillingSame(true);
    setErrors([]);
    setFailure(undefined);
    setDraft(undefined);
    setMethodId("");
    setCompleted(undefined);
  };

  if (channelsError) return <ErrorState message={`Saleor's channels could not be read: ${channelsError}`} />;
  if (!channels) return <Loading />;
  if (completed)
    return (
      <Card title={`Order #${completed.number} placed`}>
        <Box display="flex" gap={2} data-testid="draft-completed">
          <Button variant="primary" onClick={() => openInDashboard(`/orders/${encodeURIComponent(completed.id)}`)}>
            Open order #{completed.number} in Saleor
          </Button>
          <Button variant="secondary" onClick={restart}>
            New order
          </Button>
        </Box>
      </Card>
    );

  return (
    <Box display="flex" flexDirection="column" data-testid="draft-order">
      <Card title="Customer and channel">
        <Box display="flex" flexDirection="column" gap={3}>
          <Select
            label="Channel"
            value={channelId}
            disabled={locked}
            onChange={(event) => {
              setChannelId(event.target.value);
              setLines([]);
            }}
            options={[{ value: "", label: "Choose…" }, ...channels.map((item) => ({ value: item.id, label: `${item.name} (${item.currencyCode})` }))]}
          />
          <CustomerPicker saleor={saleor} customer={customer} disabled={locked} onChoose={chooseCustomer} onNew={(email) => setCustomer({ kind: "new", email })} />
          <SaleorErrors errors={errorsAt("customer")} testId="customer-errors" />
        </Box>
      </Card>

      <Card title="Lines">
        {channel ? (
          <LinesEditor key={channel.id} saleor={saleor} channel={channel} lines={lines} setLines={setLines} onAdd={addVariant} disabled={locked} />
        ) : (
          <Text color="default2">Choose the channel first: variants, prices and availability are the channel's.</Text>
        )}
        <SaleorErrors errors={errorsAt("lines")} testId="lines-errors" />
      </Card>

      <Card title="Shipping address">
        <AddressForm value={shipping} onChange={setShipping} errors={errors} place="shipping" disabled={locked} />
        <Box marginTop={3}>
          <Checkbox checked={billingSame} disabled={locked} onCheckedChange={(checked) => setBillingSame(checked === true)}>
            <Text size={3}>Bill to the shipping address</Text>
          </Checkbox>
        </Box>
        {!billingSame && (
          <Box marginTop={4}>
            <Text fontWeight="bold">Billing address</Text>
            <AddressForm value={billing} onChange={setBilling} errors={errors} place="billing" disabled={locked} />
          </Box>
        )}
      </Card>

      {channel && lines.length > 0 && <DeliveryPromise channel={channel.slug} lines={lines} address={shipping} />}

      <SaleorErrors errors={errorsAt("other")} testId="other-errors" />
      {failure && <ErrorState message={failure} />}

      {!draft ? (
        <Box display="flex" gap={2} marginTop={2}>
          <Button type="button" variant="primary" onClick={create} disabled={busy || !channel || !customer || lines.length === 0 || lines.some((line) => line.quantity < 1)}>
            Create draft in Saleor
          </Button>
        </Box>
      ) : (
        <Card title={`Draft #${draft.number}`}>
          <Box display="flex" flexDirection="column" gap={3} data-testid="draft-created">
            <Text size={2} color="default2">
              Total {money(draft.total.gross.amount, draft.total.gross.currency)}. To change the draft now, open it in Saleor.
            </Text>
            {draft.shippingMethods.length > 0 ? (
              <Select
                label="Shipping method"
                value={methodId}
                onChange={(event) => setMethodId(event.target.value)}
                options={[
                  { value: "", label: "None" },
                  ...draft.shippingMethods.map((method) => ({
                    value: method.id,
                    label: `${method.name} · ${money(method.price.amount, method.price.currency)}${method.active ? "" : ` (unavailable${method.message ? `: ${method.message}` : ""})`}`,
                  })),
                ]}
              />
            ) : (
              <Text size={2}>Saleor offers no shipping method for this draft.</Text>
            )}
            <SaleorErrors errors={errorsAt("shippingMethod")} testId="shipping-method-errors" />
            <Box display="flex" gap={2}>
              <Button type="button" variant="primary" disabled={busy} onClick={complete}>
                Complete order
              </Button>
              <Button type="button" variant="tertiary" onClick={() => openInDashboard(`/orders/drafts/${encodeURIComponent(draft.id)}`)}>
                Open draft in Saleor
              </Button>
            </Box>
          </Box>
        </Card>
      )}
    </Box>
  );
}

function SaleorErrors({ errors, testId }: { errors: SaleorOrderError[]; testId: string }) {
  if (errors.length === 0) return null;
  return (
    <Box role="alert" data-testid={testId} padding={3} borderRadius={3} backgroundColor="critical1" display="flex" flexDirection="column" gap={1} marginY={2}>
      {errors.map((error, index) => (
        <Text key={index} size={2} color="critical2">
          {error.field ? `${error.field}: ` : ""}
          {errorText(error)}
        </Text>
      ))}
    </Box>
  );
}

function CustomerPicker({
  saleor,
  customer,
  disabled,
  onChoose,
  onNew,
}: {
  saleor: Client;
  customer: Customer | undefined;
  disabled: boolean;
  onChoose: (customer: SaleorCustomer) => void;
  onNew: (email: string) => void;
}) {
  const [search, setSearch] = useState("");
  const [found, setFound] = useState<SaleorCustomer[]>();
  const [error, setError] = useState<string>();
  const [email, setEmail] = useState("");

  const lookUp = async () => {
    setError(undefined);
    try {
      const data = await saleor.request(SALEOR_CUSTOMERS, { search: search.trim() });
      setFound((data.customers?.edges ?? []).map((edge) => edge.node));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <Box display="flex" flexDirection="column" gap={2}>
      {customer && (
        <Text data-testid="chosen-customer">
          Customer: <strong>{customer.email}</strong>
          {customer.kind === "new" && " (new; Saleor creates the customer with the order)"}
        </Text>
      )}
      <Box display="flex" gap={2} alignItems="flex-end" flexWrap="wrap">
        <Input
          label="Find customer (name or e-mail)"
          size="small"
          value={search}
          disabled={disabled}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={onEnter(() => search.trim() && lookUp())}
        />
        <Button type="button" variant="secondary" size="small" disabled={disabled || !search.trim()} onClick={lookUp}>
          Search customers
        </Button>
        <Input label="Or a new customer's e-mail" size="small" type="email" value={email} disabled={disabled} onChange={(event) => setEmail(event.target.value)} />
        <Button type="button" variant="secondary" size="small" disabled={disabled || !/^[^@\s]+@[^@\s]+$/.test(email.trim())} onClick={() => onNew(email.trim())}>
          Use this e-mail
        </Button>
      </Box>
      {error && <ErrorState message={`Customers could not be searched: ${error}`} />}
      {found && found.length === 0 && <Text size={2} color="default2">No customer matches “{search}”.</Text>}
      {found && found.length > 0 && (
        <Table head={["Customer", "E-mail", "Default shipping address", ""]} testId="customer-results">
          {found.map((item) => (
            <tr key={item.id} data-testid={`customer-${item.email}`}>
              <Cell>{`${item.firstName} ${item.lastName}`.trim() || "—"}</Cell>
              <Cell>{item.email}</Cell>
              <Cell>
                {item.defaultShippingAddress
                  ? `${item.defaultShippingAddress.streetAddress1}, ${item.defaultShippingAddress.postalCode} ${item.defaultShippingAddress.city}, ${item.defaultShippingAddress.country.code}`
                  : "—"}
              </Cell>
              <Cell>
                <Button type="button" size="small" variant="secondary" disabled={disabled} onClick={() => onChoose(item)}>
                  Choose
                </Button>
              </Cell>
            </tr>
          ))}
        </Table>
      )}
    </Box>
  );
}

function LinesEditor({
  saleor,
  channel,
  lines,
  setLines,
  onAdd,
  disabled,
}: {
  saleor: Client;
  channel: SaleorChannel;
  lines: Line[];
  setLines: (update: (current: Line[]) => Line[]) => void;
  onAdd: (variant: SaleorVariant) => void;
  disabled: boolean;
}) {
  const [search, setSearch] = useState("");
  const [found, setFound] = useState<SaleorVariant[]>();
  const [error, setError] = useState<string>();
  // Available-to-sell of every variant on screen (found and in the cart), from the OMS.
  const variantIds = useMemo(() => [...new Set([...(found ?? []), ...lines.map((line) => line.variant)].map((variant) => variant.id))].slice(0, 100), [found, lines]);
  const availability = useQuery(DRAFT_AVAILABILITY, { channel: channel.slug, variantIds }, { skip: variantIds.length === 0, quiet: true });
  const available = new Map((availability.data?.channelAvailability ?? []).map((item) => [item.variantId, item.availableToSell]));
  const availableText = (id: string) => (availability.error ? "—" : available.has(id) ? String(available.get(id)) : availability.loading ? "…" : "—");

  const lookUp = async () => {
    setError(undefined);
    try {
      const data = await saleor.request(SALEOR_VARIANTS, { search: search.trim(), channel: channel.slug });
      setFound((data.productVariants?.edges ?? []).map((edge) => edge.node));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const price = (variant: SaleorVariant) => (variant.pricing?.price ? money(variant.pricing.price.gross.amount, variant.pricing.price.gross.currency) : "—");

  return (
    <Box display="flex" flexDirection="column" gap={3}>
      {lines.length > 0 && (
        <Table head={["Variant", "SKU", "Price", "Available to sell", "Quantity", ""]} testId="draft-lines">
          {lines.map((line) => {
            const left = available.get(line.variant.id);
            return (
              <tr key={line.variant.id} data-testid={`line-${line.variant.sku ?? line.variant.id}`}>
                <Cell>{variantLabel(line.variant)}</Cell>
                <Cell>{line.variant.sku ?? "—"}</Cell>
                <Cell>{price(line.variant)}</Cell>
                <Cell>
                  <Box display="flex" flexDirection="column">
                    <Text size={3}>{availableText(line.variant.id)}</Text>
                    {left !== undefined && line.quantity > left && (
                      <Text size={2} color="critical2" data-testid="short-warning">
                        {line.quantity - left} more than the channel may sell now
                      </Text>
                    )}
                  </Box>
                </Cell>
                <Cell>
                  <Input
                    type="number"
                    size="small"
                    label={`Quantity of ${line.variant.sku ?? line.variant.name}`}
                    min={1}
                    value={line.quantity ? String(line.quantity) : ""}
                    disabled={disabled}
                    error={line.quantity < 1}
                    onChange={(event) => {
                      // empty while typing: the draft cannot be created until every line has units
                      const quantity = Math.max(0, Math.floor(Number(event.target.value) || 0));
                      setLines((current) => current.map((item) => (item.variant.id === line.variant.id ? { ...item, quantity } : item)));
                    }}
                    style={{ width: 90 }}
                  />
                </Cell>
                <Cell>
                  <Button
                    type="button"
                    size="small"
                    variant="tertiary"
                    disabled={disabled}
                    onClick={() => setLines((current) => current.filter((item) => item.variant.id !== line.variant.id))}
                  >
                    Remove
                  </Button>
                </Cell>
              </tr>
            );
          })}
        </Table>
      )}
      <Box display="flex" gap={2} alignItems="flex-end">
        <Input
          label="Find variant (name or SKU)"
          size="small"
          value={search}
          disabled={disabled}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={onEnter(() => search.trim() && lookUp())}
        />
        <Button type="button" variant="secondary" size="small" disabled={disabled || !search.trim()} onClick={lookUp}>
          Search variants
        </Button>
      </Box>
      {error && <ErrorState message={`Variants could not be searched: ${error}`} />}
      {availability.error && <Text size={2} color="critical2">Availability could not be read from the OMS: {availability.error}</Text>}
      {found && found.length === 0 && <Text size={2} color="default2">No variant in {channel.name} matches “{search}”.</Text>}
      {found && found.length > 0 && (
        <Table head={["Variant", "SKU", "Price", "Available to sell", ""]} testId="variant-results">
          {found.map((variant) => (
            <tr key={variant.id} data-testid={`variant-${variant.sku ?? variant.id}`}>
              <Cell>{variantLabel(variant)}</Cell>
              <Cell>{variant.sku ?? "—"}</Cell>
              <Cell>{price(variant)}</Cell>
              <Cell>{availableText(variant.id)}</Cell>
              <Cell>
                <Button type="button" size="small" variant="secondary" disabled={disabled} onClick={() => onAdd(variant)}>
                  Add
                </Button>
              </Cell>
            </tr>
          ))}
        </Table>
      )}
    </Box>
  );
}

function AddressForm({
  value,
  onChange,
  errors,
  place,
  disabled,
}: {
  value: AddressInput;
  onChange: (value: AddressInput) => void;
  errors: SaleorOrderError[];
  place: "shipping" | "billing";
  disabled: boolean;
}) {
  return (
    <Box display="grid" gap={2} style={{ gridTemplateColumns: "repeat(auto-fill, minmax(200px, 1fr))" }} marginTop={2} data-testid={`${place}-address`}>
      {ADDRESS_INPUTS.map(([field, label]) => {
        const error = addressError(errors, place, field);
        return (
          <Input
            key={field}
            label={place === "billing" ? `Billing ${label.toLowerCase()}` : label}
            size="small"
            value={value[field]}
            disabled={disabled}
            error={Boolean(error)}
            helperText={error}
            onChange={(event) => onChange({ ...value, [field]: event.target.value })}
          />
        );
      })}
    </Box>
  );
}

function DeliveryPromise({ channel, lines, address }: { channel: string; lines: Line[]; address: AddressInput }) {
  const destination = promiseDestination(address);
  const wanted = lines.filter((line) => line.quantity > 0).map((line) => ({ variantId: line.variant.id, quantity: line.quantity }));
  const promise = useQuery(
    DRAFT_PROMISE,
    { channel, lines: wanted, address: destination },
    { skip: !destination || wanted.length === 0, quiet: true },
  );
  return (
    <Card title="Delivery promise">
      {!destination ? (
        <Text color="default2">Enter the shipping address's country (two letters) to see when the order would arrive.</Text>
      ) : promise.error ? (
        <Text color="critical2">The OMS could not promise a delivery: {promise.error}</Text>
      ) : !promise.data ? (
        <Loading />
      ) : promise.data.deliveryPromise.length === 0 ? (
        <Text color="default2">No delivery service of this channel reaches that address.</Text>
      ) : (
        <Table head={["Service", "Arrives", "Ships", "From"]} testId="delivery-promise">
          {promise.data.deliveryPromise.map((item) => (
            <tr key={item.serviceCode ?? item.serviceName} data-testid={`promise-${item.serviceCode ?? "pickup"}`}>
              <Cell>{item.serviceName}</Cell>
              <Cell>{item.complete ? (item.sentence ?? `${item.earliest ?? "?"} – ${item.latest ?? "?"}`) : "Not every line can be promised (out of stock or out of reach)"}</Cell>
              <Cell>{item.shipDate ?? "—"}</Cell>
              <Cell>{item.shipsFrom.join(", ") || "—"}</Cell>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}
