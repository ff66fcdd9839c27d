/**
 * Confirming a pick list by scan: the picker scans the bin, then each unit (`pickScan`, one
 * unit a scan); the next stop along the walk is shown large. A refused scan turns the input
 * red with a beep and the OMS's reason. Units not in the bin are reported short (`pickShort`).
 */

import { useRef, useState } from "react";
import { Box, Button, Text } from "@saleor/macaw-ui";

import { errorMessage } from "../../api/client";
import { useApp } from "../../app/AppContext";
import { useMutation } from "../../app/mutation";
import { ConfirmButton } from "../../components/forms";
import { Cell, Table } from "../../components/ui";
import { PICK_SCAN, PICK_SHORT, binNamed, lineFor, nextStop, type PickLine } from "./picking";
import { ScanInput, TONE_COLOURS, errorBeep, type Tone } from "./scanner";

export function PickByScan({ lines: initial, totes, onDone }: { lines: PickLine[]; totes: Map<number, string>; onDone: () => void }) {
  const { client } = useApp();
  const short = useMutation();
  const [lines, setLines] = useState(initial);
  const [bin, setBin] = useState<string>();
  const [message, setMessage] = useState<{ tone: Tone; text: string }>({ tone: "idle", text: "Scan the bin of the first stop." });
  const state = useRef({ lines, bin });
  state.current = { lines, bin };

  const refuse = (text: string): false => {
    setMessage({ tone: "error", text });
    errorBeep();
    return false;
  };

  const adopt = (line: PickLine) => {
    const next = state.current.lines.map((item) => (item.id === line.id ? line : item));
    state.current.lines = next;
    setLines(next);
    if (!nextStop(next)) {
      setMessage({ tone: "ok", text: "Every stop is picked." });
      onDone();
      return;
    }
    const stillHere = next.some((item) => item.bin.code === line.bin.code && item.openQuantity > 0);
    if (!stillHere) {
      setBin(undefined);
      state.current.bin = undefined;
    }
    setMessage({
      tone: "ok",
      text: stillHere ? `✓ ${line.sku}: ${line.picked} of ${line.quantity}` : `✓ ${line.sku} done. Next stop: ${nextStop(next)?.bin.code}`,
    });
  };

  const onScan = async (code: string): Promise<boolean> => {
    const { lines: current, bin: scannedBin } = state.current;
    const named = binNamed(current, code);
    if (named) {
      if (!current.some((line) => line.bin.code === named && line.openQuantity > 0)) return refuse(`Bin ${named} is already picked.`);
      setBin(named);
      state.current.bin = named;
      const line = lineFor(current, named, "");
      setMessage({ tone: "ok", text: `Bin ${named}: scan ${line?.sku} (${line?.openQuantity} to pick).` });
      return true;
    }
    if (!scannedBin) return refuse(`Scan the bin first: next stop ${nextStop(current)?.bin.code ?? "—"}.`);
    const line = lineFor(current, scannedBin, code);
    if (!line) return refuse(`Nothing left to pick in ${scannedBin}.`);
    try {
      const answer = await client.request(PICK_SCAN, { line: line.id, bin: scannedBin, item: code, quantity: 1 });
      const payload = answer.pickScan;
      if (payload.errors.length > 0 || !payload.line) return refuse(payload.errors.map((error) => error.message).join(" ") || "Refused.");
      adopt(payload.line);
      return true;
    } catch (caught) {
      return refuse(errorMessage(caught));
    }
  };

  const stop = nextStop(lines);
  const here = bin ? lineFor(lines, bin, "") : undefined;
  const colours = TONE_COLOURS[message.tone];
  const current = here ?? stop;
  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="pick-by-scan">
      {current && (
        <Box display="flex" gap={4} alignItems="baseline" flexWrap="wrap">
          <Text size={10} fontWeight="bold">
            {current.bin.code}
          </Text>
          <Text size={9}>{current.sku}</Text>
          <Text size={8}>× {current.openQuantity}</Text>
          <Text size={5} color="default2">
            {current.splits
              .filter((split) => split.quantity > split.picked + split.short)
              .map((split) => `T${split.tote} ${totes.get(split.tote) ?? ""}: ${split.quantity - split.picked - split.short}`)
              .join(" · ")}
          </Text>
          <ConfirmButton
            label="Report short"
            question={`${current.openQuantity} × ${current.sku} not in ${current.bin.code}?`}
            confirmLabel="Report short"
            disabled={short.busy}
            onConfirm={async () => {
              const done = await short.mutate(PICK_SHORT, { line: current.id, quantity: current.openQuantity }, "pickShort", `${current.sku} reported short`);
              if (done?.line) adopt(done.line);
            }}
          />
        </Box>
      )}
      <ScanInput label="Pick scan" prompt={bin ? `Scan the item in ${bin}` : "Scan the bin"} tone={message.tone} onScan={onScan} />
      <Box role={message.tone === "error" ? "alert" : "status"} data-testid="pick-message" data-tone={message.tone} padding={2} borderRadius={3} style={{ background: colours.background }}>
        <Text size={6} fontWeight="bold" style={{ color: colours.text }}>
          {message.text}
        </Text>
      </Box>
      <Table head={["Stop", "Bin", "SKU", "To pick", "Picked", "Short"]}>
        {[...lines]
          .sort((a, b) => a.position - b.position)
          .map((line) => (
            <tr key={line.id} style={{ opacity: line.openQuantity === 0 ? 0.5 : 1, fontWeight: line.id === current?.id ? 700 : 400 }}>
              <Cell>{line.position}</Cell>
              <Cell>{line.bin.code}</Cell>
              <Cell>{line.sku}</Cell>
              <Cell>{line.openQuantity}</Cell>
              <Cell>{line.picked}</Cell>
              <Cell>{line.short || "—"}</Cell>
            </tr>
          ))}
      </Table>
      <Box>
        <Button size="small" variant="tertiary" onClick={onDone}>
          Back to the list
        </Button>
      </Box>
    </Box>
  );
}
