/**
 * The pack station, built for a keyboard-wedge scanner: one input that always has the focus,
 * large type, and every answer in colour (green counted, red refused, with a beep).
 *
 * Scan an order number or a tote: the release is started (`packStation`, `packStart`) and its
 * lines shown. Scan each item (`packScan`): a wrong item or one too many is refused by the OMS
 * with nothing recorded, and the station says so and sends nothing more until the next scan.
 * When every unit is scanned the box suggestions are shown (best first; pick another by click
 * or by scanning a box code); scan or type each parcel's weight to close it
 * (`packParcelClose`, with an explicit "close anyway" when the weight is off), choose the
 * carrier and press Enter to ship (`releaseShip`), then print the label. The next order scan
 * starts over.
 */

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { Box, Button, Text } from "@saleor/macaw-ui";

import { errorMessage, type FieldError } from "../../api/client";
import { useApp } from "../../app/AppContext";
import { useQuery } from "../../app/hooks";
import { usePrint } from "./documents";
import {
  CARRIERS,
  PACK_BOXES,
  PACK_PARCEL_CLOSE,
  PACK_SCAN,
  PACK_START,
  PACK_STATION,
  RELEASE_SHIP,
  closedParcels,
  gramsOf,
  lineCounted,
  nextBox,
  stepOf,
  unitsOf,
  type PackTask,
  type Parcel,
} from "./pack";
import { ScanInput, TONE_COLOURS, errorBeep, type Tone } from "./scanner";

const CARRIER_KEY = "oms.packStation.carrier";

const PROMPTS = {
  order: "Scan an order number or a tote",
  items: "Scan the next item",
  box: "Scan a box code, or type the parcel's weight in grams",
  ship: "Scan a carrier code or tracking number; Enter ships",
  done: "Shipped: scan the next order or tote",
} as const;

interface Message {
  tone: Tone;
  text: string;
}

const codeText = (errors: FieldError[]) => errors.map((error) => error.message).join(" ");

export function PackStation({ locationId }: { locationId: string }) {
  const { client } = useApp();
  const { print, busy: printing } = usePrint();
  const carriers = useQuery(CARRIERS);
  const boxes = useQuery(PACK_BOXES, { locationId });
  const [task, setTask] = useState<PackTask>();
  const [message, setMessage] = useState<Message>({ tone: "idle", text: PROMPTS.order });
  const [suggestion, setSuggestion] = useState(0);
  const [planned, setPlanned] = useState(1);
  const [box, setBox] = useState<string>();
  const [mismatch, setMismatch] = useState<{ boxCode: string; weightG: number }>();
  const [carrier, setCarrier] = useState(() => window.localStorage.getItem(CARRIER_KEY) ?? "");
  const [service, setService] = useState("");
  const [tracking, setTracking] = useState("");
  const [shipped, setShipped] = useState<Parcel[]>();
  const [lastLine, setLastLine] = useState<string>();

  const carrierList = carriers.data?.carriers ?? [];
  const chosenCarrier = carrierList.find((item) => item.code === carrier) ?? carrierList[0];
  const step = stepOf(task, planned, shipped !== undefined);

  // Scans are handled one after another; each reads the state as the last one left it.
  const state = useRef({ task, step, box, suggestion, chosenCarrier, service, tracking });
  state.current = { task, step, box, suggestion, chosenCarrier, service, tracking };

  const refuse = useCallback((text: string): false => {
    setMessage({ tone: "error", text });
    errorBeep();
    return false;
  }, []);

  const adopt = (next: PackTask) => {
    setTask(next);
    state.current.task = next;
  };

  const reset = () => {
    setTask(undefined);
    setShipped(undefined);
    setSuggestion(0);
    setPlanned(1);
    setBox(undefined);
    setMismatch(undefined);
    setTracking("");
    setLastLine(undefined);
    setMessage({ tone: "idle", text: PROMPTS.order });
  };

  const startOrder = async (scan: string): Promise<boolean> => {
    const found = await client.request(PACK_STATION, { locationId, scan });
    if (!found.packStation) return refuse(`Nothing to pack for “${scan}” here.`);
    const started = await client.request(PACK_START, { releaseId: found.packStation.release.id });
    const payload = started.packStart;
    if (payload.errors.length > 0 || !payload.task) return refuse(codeText(payload.errors) || `Order #${found.packStation.orderNumber} cannot be packed.`);
    reset();
    adopt(payload.task);
    setPlanned(payload.task.suggestions[0]?.boxCount ?? 1);
    const { scanned, total } = unitsOf(payload.task);
    setMessage({ tone: "ok", text: `Order #${payload.task.orderNumber}${payload.task.tote ? ` (tote ${payload.task.tote})` : ""}: ${scanned} of ${total} items scanned` });
    return true;
  };

  const scanItem = async (current: PackTask, code: string): Promise<boolean> => {
    const answer = await client.request(PACK_SCAN, { releaseId: current.release.id, code });
    const payload = answer.packScan;
    if (payload.errors.length > 0 || !payload.task) {
      const wrong = payload.errors.some((error) => error.code === "WRONG_ITEM");
      const tooMany = payload.errors.some((error) => error.code === "TOO_MANY");
      const why = wrong ? `Wrong item: “${code}” is not in order #${current.orderNumber}.` : tooMany ? `Too many: every “${code}” of order #${current.orderNumber} is already scanned.` : "Refused.";
      return refuse(`${why} ${codeText(payload.errors)} Take it out of the parcel.`);
    }
    const counted = lineCounted(current, payload.task);
    adopt(payload.task);
    setLastLine(counted?.lineId);
    if (payload.task.complete) {
      setMessage({ tone: "ok", text: `All items scanned. Box: ${nextBox(payload.task, state.current.suggestion, undefined) ?? "choose one"}; then weigh the parcel.` });
    } else {
      setMessage({ tone: "ok", text: counted ? `✓ ${counted.sku} ${counted.productName} (${counted.scanned} of ${counted.quantity})` : `✓ ${code}` });
    }
    return true;
  };

  const closeParcel = async (current: PackTask, boxCode: string, weightG: number, override: boolean): Promise<boolean> => {
    const answer = await client.request(PACK_PARCEL_CLOSE, { releaseId: current.release.id, boxCode, weightG, override });
    const payload = answer.packParcelClose;
    if (payload.errors.length > 0 || !payload.task) {
      if (payload.errors.some((error) => error.code === "WEIGHT_MISMATCH")) {
        setMismatch({ boxCode, weightG });
        return refuse(`Weight ${weightG} g is off${current.expectedWeightG ? ` (expected about ${current.expectedWeightG} g)` : ""}: check the parcel, weigh again, or close anyway.`);
      }
      return refuse(codeText(payload.errors) || "The parcel could not be closed.");
    }
    adopt(payload.task);
    setMismatch(undefined);
    setBox(undefined);
    const count = closedParcels(payload.task).length;
    setMessage({ tone: "ok", text: `Parcel ${count} closed: ${boxCode}, ${weightG} g.` });
    return true;
  };

  const ship = async (): Promise<boolean> => {
    const { task: current, chosenCarrier: using, service: chosenService, tracking: number } = state.current;
    if (!current) return false;
    if (!using) return refuse("No carrier to ship with.");
    if (using.manualTracking && !number) return refuse(`${using.name} needs a tracking number: scan it first.`);
    const answer = await client.request(RELEASE_SHIP, {
      releaseId: current.release.id,
      carrier: using.code,
      service: chosenService || using.services[0] || null,
      trackingNumber: number || null,
    });
    const payload = answer.releaseShip;
    if (payload.errors.length > 0) return refuse(codeText(payload.errors) || "Shipping failed.");
    window.localStorage.setItem(CARRIER_KEY, using.code);
    setShipped(payload.parcels);
    const numbers = payload.parcels.map((parcel) => parcel.trackingNumber).filter(Boolean);
    setMessage({ tone: "ok", text: `Order #${current.orderNumber} shipped with ${using.name}${numbers.length ? `: ${numbers.join(", ")}` : ""}. Print the label.` });
    return true;
  };

  const onScan = async (code: string): Promise<boolean> => {
    const { task: current, step: now, box: chosenBox, suggestion: chosen } = state.current;
    try {
      if (!current || now === "order" || now === "done") return await startOrder(code);
      if (now === "items") return await scanItem(current, code);
      if (now === "box") {
        const known = [...current.suggestions.flatMap((item) => item.boxes.map((entry) => entry.code)), ...(boxes.data?.warehouseLayout.boxTypes ?? []).filter((item) => item.isActive).map((item) => item.code)];
        const named = known.find((item) => item.toLowerCase() === code.toLowerCase());
        if (named) {
          setBox(named);
          state.current.box = named;
          setMessage({ tone: "ok", text: `Box ${named}: weigh the parcel and scan or type its weight.` });
          return true;
        }
        const grams = gramsOf(code);
        if (grams === null) return refuse(`“${code}” is neither a box nor a weight.`);
        const boxCode = nextBox(current, chosen, chosenBox);
        if (!boxCode) return refuse("Choose a box first: scan its code.");
        return await closeParcel(current, boxCode, grams, false);
      }
      // ship: a carrier's code chooses it; anything else is the tracking number of a manual carrier
      const named = carrierList.find((item) => item.code.toLowerCase() === code.toLowerCase());
      if (named) {
        setCarrier(named.code);
        setService("");
        state.current.chosenCarrier = named;
        setMessage({ tone: "ok", text: `Carrier ${named.name}: press Enter to ship.` });
        return true;
      }
      if (state.current.chosenCarrier?.manualTracking) {
        setTracking(code);
        state.current.tracking = code;
        setMessage({ tone: "ok", text: `Tracking number ${code}: press Enter to ship.` });
        return true;
      }
      return refuse(`“${code}” is not a carrier. Press Enter to ship with ${state.current.chosenCarrier?.name ?? "a carrier"}.`);
    } catch (caught) {
      return refuse(errorMessage(caught));
    }
  };

  const onEmpty = () => {
    if (state.current.step === "ship") {
      void ship().catch((caught: unknown) => refuse(errorMessage(caught)));
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") reset();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const colours = TONE_COLOURS[message.tone];
  return (
    <Box display="flex" flexDirection="column" gap={4} data-testid="pack-station" data-tone={message.tone} style={{ fontSize: 20 }}>
      <ScanInput label="Scan" prompt={PROMPTS[step]} tone={message.tone} onScan={onScan} onEmpty={onEmpty} large />
      <Box
        data-testid="pack-message"
        data-tone={message.tone}
        role={message.tone === "error" ? "alert" : "status"}
        aria-live="assertive"
        padding={4}
        borderRadius={4}
        style={{ background: message.tone === "idle" ? "var(--mu-colors-background-default2, #f4f5f7)" : colours.background, border: `2px solid ${colours.border}` }}
      >
        <Text size={9} fontWeight="bold" style={{ color: colours.text }}>
          {message.text}
        </Text>
      </Box>
      {task && (
        <Box display="flex" gap={3} alignItems="center" flexWrap="wrap">
          <Text size={10} fontWeight="bold">
            Order #{task.orderNumber}
          </Text>
          {task.tote && <Text size={8}>tote {task.tote}</Text>}
          <Text size={8} color="default2">
            {unitsOf(task).scanned} / {unitsOf(task).total} items
          </Text>
          <Box marginLeft="auto">
            <Button variant="tertiary" onClick={reset}>
              New order (Esc)
            </Button>
          </Box>
        </Box>
      )}
      {task && <PackLines task={task} last={lastLine} />}
      {task && task.complete && step !== "done" && (
        <Panel title="Box">
          <Suggestions
            task={task}
            chosen={suggestion}
            onChoose={(index) => {
              setSuggestion(index);
              setPlanned(task.suggestions[index]?.boxCount ?? 1);
              setBox(undefined);
            }}
          />
          <Box display="flex" gap={3} alignItems="center" flexWrap="wrap" marginTop={3}>
            <Text size={6}>
              Parcels closed: {closedParcels(task).length} of {planned}
              {step === "box" && ` · next box: ${nextBox(task, suggestion, box) ?? "scan one"}`}
              {task.expectedWeightG !== null && task.expectedWeightG !== undefined && ` · expected ${task.expectedWeightG} g ± ${task.weightToleranceG} g`}
            </Text>
            {step === "ship" && (
              <Button variant="tertiary" onClick={() => setPlanned(closedParcels(task).length + 1)}>
                Add a parcel
              </Button>
            )}
            {mismatch && step === "box" && (
              <Button
                variant="error"
                onClick={() => void closeParcel(task, mismatch.boxCode, mismatch.weightG, true).catch((caught: unknown) => refuse(errorMessage(caught)))}
              >
                Close anyway at {mismatch.weightG} g
              </Button>
            )}
          </Box>
        </Panel>
      )}
      {task && step === "ship" && chosenCarrier && (
        <Panel title="Ship">
          <Box display="flex" gap={2} flexWrap="wrap" role="radiogroup" aria-label="Carrier">
            {carrierList.map((item) => (
              <Button
                key={item.code}
                role="radio"
                aria-checked={item.code === chosenCarrier.code}
                variant={item.code === chosenCarrier.code ? "primary" : "secondary"}
                size="large"
                onClick={() => {
                  setCarrier(item.code);
                  setService("");
                }}
              >
                {item.name}
              </Button>
            ))}
          </Box>
          {chosenCarrier.services.length > 1 && (
            <Box display="flex" gap={2} flexWrap="wrap" role="radiogroup" aria-label="Service" marginTop={3}>
              {chosenCarrier.services.map((name) => (
                <Button
                  key={name}
                  role="radio"
                  aria-checked={(service || chosenCarrier.services[0]) === name}
                  variant={(service || chosenCarrier.services[0]) === name ? "primary" : "secondary"}
                  onClick={() => setService(name)}
                >
                  {name}
                </Button>
              ))}
            </Box>
          )}
          <Box display="flex" gap={3} alignItems="center" marginTop={3} flexWrap="wrap">
            {chosenCarrier.manualTracking && <Text size={6}>Tracking number: {tracking || "scan it"}</Text>}
            <Button variant="primary" size="large" onClick={onEmpty}>
              Ship with {chosenCarrier.name}
            </Button>
          </Box>
        </Panel>
      )}
      {task && shipped && (
        <Panel title="Shipped">
          <Box display="flex" flexDirection="column" gap={2}>
            {shipped.map((parcel) => (
              <Box key={parcel.id} display="flex" gap={3} alignItems="center" data-testid={`shipped-parcel-${parcel.id}`}>
                <Text size={6}>
                  {parcel.boxCode} · {parcel.weightG ?? "—"} g · {parcel.carrier ?? ""} {parcel.trackingNumber ?? ""}
                </Text>
                <Button variant="primary" disabled={printing} onClick={() => void print("LABELS", { parcelId: parcel.id })}>
                  Print label
                </Button>
              </Box>
            ))}
            <Box>
              <Button variant="secondary" disabled={printing} onClick={() => void print("PACKING_SLIPS", { releaseId: task.release.id })}>
                Print packing slip
              </Button>
            </Box>
          </Box>
        </Panel>
      )}
    </Box>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box as="section" borderWidth={1} borderStyle="solid" borderColor="default1" borderRadius={4} padding={4}>
      <Text as="h2" size={8} fontWeight="bold" marginBottom={3} display="block">
        {title}
      </Text>
      {children}
    </Box>
  );
}

function PackLines({ task, last }: { task: PackTask; last?: string }) {
  return (
    <Box as="table" width="100%" style={{ borderCollapse: "collapse", fontSize: 22 }} data-testid="pack-lines">
      <tbody>
        {task.lines.map((line) => {
          const done = line.scanned >= line.quantity;
          return (
            <tr
              key={line.lineId}
              data-testid={`pack-line-${line.sku}`}
              data-done={done}
              style={{ background: line.lineId === last ? "#e3fbe9" : undefined, borderBottom: "1px solid #d0d5dd" }}
            >
              <td style={{ padding: 10, width: 48 }} aria-label={done ? "packed" : "to scan"}>
                {done ? "✓" : "○"}
              </td>
              <td style={{ padding: 10, fontFamily: "monospace", fontWeight: 700 }}>{line.sku}</td>
              <td style={{ padding: 10 }}>{line.productName}</td>
              <td style={{ padding: 10, textAlign: "right", fontWeight: 700, whiteSpace: "nowrap" }}>
                {line.scanned} / {line.quantity}
              </td>
            </tr>
          );
        })}
      </tbody>
    </Box>
  );
}

function Suggestions({ task, chosen, onChoose }: { task: PackTask; chosen: number; onChoose: (index: number) => void }) {
  if (task.suggestions.length === 0) return <Text size={6}>No box suggestion: scan the code of the box you use.</Text>;
  return (
    <Box display="flex" gap={3} flexWrap="wrap" data-testid="box-suggestions">
      {task.suggestions.map((item, index) => (
        <Box
          as="button"
          key={index}
          type="button"
          onClick={() => onChoose(index)}
          aria-pressed={index === chosen}
          data-testid={`suggestion-${index}`}
          padding={3}
          borderRadius={4}
          textAlign="left"
          style={{
            cursor: "pointer",
            border: `3px solid ${index === chosen ? "#175cd3" : "#d0d5dd"}`,
            background: index === chosen ? "#e0efff" : "transparent",
            color: "inherit",
            font: "inherit",
            minWidth: 220,
          }}
        >
          <Text size={7} fontWeight="bold" display="block">
            {index === 0 ? "Best: " : ""}
            {item.boxes.map((entry) => entry.code).join(" + ")}
          </Text>
          <Text size={4} display="block" color="default2">
            {item.boxCount} {item.boxCount === 1 ? "box" : "boxes"} · {Math.round(item.emptyVolumeCm3)} cm³ empty · cost {Number(item.cost).toFixed(2)}
            {item.byVolumeOnly ? " · by volume only (sizes missing)" : ""}
          </Text>
          {item.boxes.length > 1 &&
            item.boxes.map((entry, position) => (
              <Text key={position} size={3} display="block">
                {entry.code}: {entry.items.join(", ")} ({entry.weightG} g)
              </Text>
            ))}
        </Box>
      ))}
    </Box>
  );
}
