/** Suppliers: who the shop buys from, and what each sells as which of our SKUs at what cost. */

import { Fragment, useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes } from "../../api/client";
import type { SupplierFieldsFragment } from "../../api/generated/operations";
import { useQuery } from "../../app/hooks";
import { errorFor, useMutation } from "../../app/mutation";
import { ConfirmButton, FieldErrors } from "../../components/forms";
import { Card, Cell, QueryBody, Table, money } from "../../components/ui";
import { SUPPLIER_CREATE, SUPPLIER_ITEM_DELETE, SUPPLIER_ITEM_SET, SUPPLIER_UPDATE, SUPPLIERS } from "./documents";

type Supplier = SupplierFieldsFragment;

export function Suppliers() {
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState<string>();
  const [adding, setAdding] = useState(false);
  const query = useQuery(SUPPLIERS, { search: search.trim() || null, first: 100 });
  return (
    <>
      {adding && (
        <Card title="New supplier">
          <SupplierForm
            onSaved={(supplier) => {
              setAdding(false);
              setOpen(supplier.id);
              query.reload();
            }}
            onCancel={() => setAdding(false)}
          />
        </Card>
      )}
      <Card
        title={`Suppliers${query.data ? ` (${query.data.suppliers.totalCount})` : ""}`}
        actions={
          <Button variant="primary" size="small" disabled={adding} onClick={() => setAdding(true)}>
            Add supplier
          </Button>
        }
      >
        <Box marginBottom={4}>
          <Input label="Name" size="small" value={search} onChange={(event) => setSearch(event.target.value)} />
        </Box>
        <QueryBody {...query} empty={(data) => (data.suppliers.edges.length ? null : { title: "No suppliers yet", text: "Add the suppliers you buy stock from." })}>
          {(data) => (
            <Table head={["Name", "E-mail", "Currency", "Lead time", "SKUs", ""]} testId="suppliers">
              {nodes(data.suppliers).map((supplier) => (
                <Fragment key={supplier.id}>
                  <tr data-testid={`supplier-${supplier.name}`}>
                    <Cell>
                      <Text size={3} fontWeight="bold">
                        {supplier.name}
                      </Text>
                    </Cell>
                    <Cell>{supplier.email || "—"}</Cell>
                    <Cell>{supplier.currency}</Cell>
                    <Cell>{supplier.leadTimeDays} days</Cell>
                    <Cell>{supplier.items.length}</Cell>
                    <Cell>
                      <Button size="small" variant="tertiary" onClick={() => setOpen(open === supplier.id ? undefined : supplier.id)}>
                        {open === supplier.id ? "Close" : "Edit"}
                      </Button>
                    </Cell>
                  </tr>
                  {open === supplier.id && (
                    <tr>
                      <Cell colSpan={6}>
                        <Box display="flex" flexDirection="column" gap={5} paddingY={2}>
                          <SupplierForm key={`${supplier.id}-${supplier.name}-${supplier.email}`} supplier={supplier} onSaved={query.reload} />
                          <SupplierItems supplier={supplier} onChanged={query.reload} />
                        </Box>
                      </Cell>
                    </tr>
                  )}
                </Fragment>
              ))}
            </Table>
          )}
        </QueryBody>
      </Card>
    </>
  );
}

function SupplierForm({ supplier, onSaved, onCancel }: { supplier?: Supplier; onSaved: (supplier: Supplier) => void; onCancel?: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [draft, setDraft] = useState({
    name: supplier?.name ?? "",
    email: supplier?.email ?? "",
    currency: supplier?.currency ?? "",
    leadTimeDays: String(supplier?.leadTimeDays ?? 0),
  });
  const set = (key: keyof typeof draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  const currency = draft.currency.trim().toUpperCase();
  const valid = draft.name.trim() !== "" && /^[A-Z]{3}$/.test(currency) && /^\d+$/.test(draft.leadTimeDays.trim());

  const save = async () => {
    if (!valid) return;
    const input = { name: draft.name.trim(), email: draft.email.trim(), currency, leadTimeDays: Number(draft.leadTimeDays) };
    const payload = supplier
      ? await mutate(SUPPLIER_UPDATE, { id: supplier.id, input }, "supplierUpdate", `${input.name} saved`)
      : await mutate(SUPPLIER_CREATE, { input }, "supplierCreate", `${input.name} added`);
    if (payload?.supplier) onSaved(payload.supplier);
  };
  const field = (key: keyof typeof draft, label: string, extra: Record<string, unknown> = {}) => (
    <Input label={label} size="small" value={draft[key]} onChange={set(key)} error={Boolean(errorFor(errors, key))} helperText={errorFor(errors, key)} {...extra} />
  );
  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="supplier-form">
      <Box display="grid" gap={3} style={{ gridTemplateColumns: "repeat(4, minmax(0, 1fr))" }}>
        {field("name", "Supplier name")}
        {field("email", "E-mail (orders are sent here)", { type: "email" })}
        {field("currency", "Currency", { maxLength: 3 })}
        {field("leadTimeDays", "Lead time (days)", { type: "number", min: 0 })}
      </Box>
      <FieldErrors errors={errors} />
      <Box display="flex" gap={2}>
        <Button size="small" variant="primary" disabled={busy || !valid} onClick={save}>
          {supplier ? "Save supplier" : "Add supplier"}
        </Button>
        {onCancel && (
          <Button size="small" variant="tertiary" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </Box>
    </Box>
  );
}

const NO_ITEM = { sku: "", supplierSku: "", unitCost: "", packSize: "1", minOrderQuantity: "0", priority: "0" };

function SupplierItems({ supplier, onChanged }: { supplier: Supplier; onChanged: () => void }) {
  const { busy, errors, mutate } = useMutation();
  const [draft, setDraft] = useState(NO_ITEM);
  const set = (key: keyof typeof NO_ITEM) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  const whole = (text: string) => /^\d+$/.test(text.trim());
  const cost = draft.unitCost.trim();
  const valid =
    draft.sku.trim() !== "" && (cost === "" || (Number.isFinite(Number(cost)) && Number(cost) >= 0)) && whole(draft.packSize) && Number(draft.packSize) >= 1 && whole(draft.minOrderQuantity) && whole(draft.priority);

  const save = async () => {
    if (!valid) return;
    const input = {
      sku: draft.sku.trim(),
      supplierSku: draft.supplierSku.trim(),
      unitCost: cost || "0",
      packSize: Number(draft.packSize),
      minOrderQuantity: Number(draft.minOrderQuantity),
      priority: Number(draft.priority),
    };
    const done = await mutate(SUPPLIER_ITEM_SET, { supplierId: supplier.id, input }, "supplierItemSet", `${input.sku} from ${supplier.name} saved`);
    if (done) {
      setDraft(NO_ITEM);
      onChanged();
    }
  };
  const remove = async (sku: string) => {
    const done = await mutate(SUPPLIER_ITEM_DELETE, { supplierId: supplier.id, sku }, "supplierItemDelete", `${supplier.name} no longer sells ${sku}`);
    if (done) onChanged();
  };
  const field = (key: keyof typeof NO_ITEM, label: string, type: "text" | "number" = "text") => (
    <Input label={label} size="small" type={type} value={draft[key]} onChange={set(key)} error={Boolean(errorFor(errors, key))} helperText={errorFor(errors, key)} />
  );
  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="supplier-items">
      <Text fontWeight="bold">What {supplier.name} sells</Text>
      {supplier.items.length > 0 && (
        <Table head={["SKU", "Supplier SKU", "Unit cost", "Pack size", "Minimum", "Priority", ""]}>
          {supplier.items.map((item) => (
            <tr key={item.sku}>
              <Cell>{item.sku}</Cell>
              <Cell>{item.supplierSku || "—"}</Cell>
              <Cell>{money(item.unitCost, supplier.currency)}</Cell>
              <Cell>{item.packSize}</Cell>
              <Cell>{item.minOrderQuantity}</Cell>
              <Cell>{item.priority}</Cell>
              <Cell>
                <Box display="flex" gap={1}>
                  <Button
                    size="small"
                    variant="tertiary"
                    onClick={() =>
                      setDraft({
                        sku: item.sku,
                        supplierSku: item.supplierSku,
                        unitCost: item.unitCost,
                        packSize: String(item.packSize),
                        minOrderQuantity: String(item.minOrderQuantity),
                        priority: String(item.priority),
                      })
                    }
                  >
                    Edit
                  </Button>
                  <ConfirmButton label="Remove" question={`${supplier.name} no longer sells ${item.sku}?`} confirmLabel="Remove" disabled={busy} onConfirm={() => remove(item.sku)} />
                </Box>
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      <Box display="grid" gap={3} style={{ gridTemplateColumns: "repeat(6, minmax(0, 1fr))" }}>
        {field("sku", "Our SKU")}
        {field("supplierSku", "Supplier SKU")}
        {field("unitCost", `Unit cost (${supplier.currency})`, "number")}
        {field("packSize", "Pack size", "number")}
        {field("minOrderQuantity", "Minimum order", "number")}
        {field("priority", "Priority (lowest first)", "number")}
      </Box>
      <FieldErrors errors={errors} />
      <Box>
        <Button size="small" variant="secondary" disabled={busy || !valid} onClick={save}>
          Save SKU
        </Button>
      </Box>
    </Box>
  );
}
