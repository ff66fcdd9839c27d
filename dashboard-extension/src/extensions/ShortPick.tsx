/**
 * A location could not pick some units of an applied shipment (`reportShortPick`): the rest
 * ships from there, the missing units are routed elsewhere.
 */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { graphql } from "../api/graphql";
import { useQuery } from "../app/hooks";
import { useMutation } from "../app/mutation";
import { ConfirmButton, FieldErrors, wholeNumber } from "../components/forms";

export const SHIPMENT_LINES = graphql(`query ShipmentLines($id: ID!) { node(id: $id) { ... on OmsPlanShipment { id state lines { lineId sku quantity } } } }`);
export const REPORT_SHORT_PICK = graphql(`
mutation ReportShortPick($shipmentId: ID!, $lines: [OmsShortPickLineInput!]!) {
  reportShortPick(shipmentId: $shipmentId, lines: $lines) { shipment { id state } errors { field message code } }
}`);

export function ShortPick({ shipmentId, location, onReported }: { shipmentId: string; location: string; onReported: () => void }) {
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <Button size="small" variant="tertiary" onClick={() => setOpen(true)}>
        Report short pick
      </Button>
    );
  return <ShortPickForm shipmentId={shipmentId} location={location} onReported={onReported} onClose={() => setOpen(false)} />;
}

function ShortPickForm({ shipmentId, location, onReported, onClose }: { shipmentId: string; location: string; onReported: () => void; onClose: () => void }) {
  const query = useQuery(SHIPMENT_LINES, { id: shipmentId });
  const { busy, errors, mutate } = useMutation();
  const [missing, setMissing] = useState<Record<string, string>>({});
  const node = query.data?.node;
  const lines = node && "lines" in node ? node.lines : [];
  const reported = lines.map((line) => ({ lineId: line.lineId, missing: wholeNumber(missing[line.lineId] ?? "0") ?? 0 })).filter((line) => line.missing !== 0);
  const report = async () => {
    const done = await mutate(REPORT_SHORT_PICK, { shipmentId, lines: reported }, "reportShortPick", `Short pick at ${location} reported: the missing units are routed again`);
    if (done) {
      onClose();
      onReported();
    }
  };
  return (
    <Box display="flex" flexDirection="column" gap={2} data-testid="short-pick">
      <Text size={2} color="default2">Units {location} could not pick:</Text>
      {lines.map((line) => (
        <Box key={line.lineId} display="flex" gap={2} alignItems="center">
          <Text size={2} style={{ minWidth: 160 }}>
            {line.sku} (of {line.quantity})
          </Text>
          <Input
            size="small"
            type="number"
            min={0}
            max={line.quantity}
            aria-label={`Missing ${line.sku}`}
            value={missing[line.lineId] ?? "0"}
            onChange={(event) => setMissing({ ...missing, [line.lineId]: event.target.value })}
            style={{ width: 80 }}
          />
        </Box>
      ))}
      <FieldErrors errors={errors} />
      <Box display="flex" gap={2}>
        <ConfirmButton
          label="Report"
          question="Cancel this fulfilment in Saleor, ship the picked units again and route the missing ones elsewhere?"
          confirmLabel="Report short pick"
          disabled={busy || reported.length === 0}
          onConfirm={report}
        />
        <Button size="small" variant="tertiary" onClick={onClose}>
          Close
        </Button>
      </Box>
    </Box>
  );
}
