/** The actions a rule runs: what each takes, and the JSON the rules API expects. */

export interface ActionParam {
  name: string;
  label: string;
  required?: boolean;
  kind?: "text" | "long" | "int" | "choice";
  choices?: string[];
}

export interface ActionSpec {
  type: string;
  label: string;
  params: ActionParam[];
}

export const FLAG_COLOURS = ["red", "orange", "yellow", "green", "blue", "purple", "grey"];

const ROUTING_REASON: ActionParam[] = [{ name: "reason", label: "Reason" }];

export const ACTION_SPECS: ActionSpec[] = [
  {
    type: "flag",
    label: "Flag the order",
    params: [
      { name: "colour", label: "Colour", required: true, kind: "choice", choices: FLAG_COLOURS },
      { name: "label", label: "Label", required: true },
    ],
  },
  { type: "note", label: "Note on the Saleor order", params: [{ name: "message", label: "Message", required: true, kind: "long" }] },
  {
    type: "task",
    label: "Staff task",
    params: [
      { name: "title", label: "Title", required: true },
      { name: "role", label: "Role" },
      { name: "due_in_hours", label: "Due in hours", kind: "int" },
      { name: "description", label: "Description", kind: "long" },
    ],
  },
  {
    type: "email",
    label: "Email",
    params: [
      { name: "to", label: "To", required: true },
      { name: "subject", label: "Subject" },
      { name: "body", label: "Body", kind: "long" },
    ],
  },
  {
    type: "webhook",
    label: "Webhook",
    params: [
      { name: "endpoint", label: "Endpoint name", required: true },
      { name: "event", label: "Event" },
    ],
  },
  { type: "set_metadata", label: "Set metadata", params: [{ name: "key", label: "Key", required: true }, { name: "value", label: "Value" }] },
  {
    type: "set_private_metadata",
    label: "Set private metadata",
    params: [{ name: "key", label: "Key", required: true }, { name: "value", label: "Value" }],
  },
  { type: "hold_routing", label: "Hold routing", params: ROUTING_REASON },
  { type: "release_routing", label: "Release routing", params: ROUTING_REASON },
  { type: "route_now", label: "Route now", params: ROUTING_REASON },
  { type: "approve_fulfilment", label: "Approve the fulfilment plan", params: ROUTING_REASON },
];

export interface ActionDraft {
  type: string;
  params: Record<string, string>;
}

export function newAction(type = "flag"): ActionDraft {
  const spec = ACTION_SPECS.find((candidate) => candidate.type === type);
  const params: Record<string, string> = {};
  for (const param of spec?.params ?? []) if (param.kind === "choice" && param.choices) params[param.name] = param.choices[0];
  return { type, params };
}

export function toActionJSON(action: ActionDraft): Record<string, unknown> {
  const spec = ACTION_SPECS.find((candidate) => candidate.type === action.type);
  if (action.type === "set_metadata" || action.type === "set_private_metadata") {
    return { type: action.type, items: { [action.params.key ?? ""]: action.params.value ?? "" } };
  }
  const json: Record<string, unknown> = { type: action.type };
  for (const param of spec?.params ?? []) {
    const raw = action.params[param.name] ?? "";
    if (raw.trim() === "" && !param.required) continue;
    json[param.name] = param.kind === "int" ? Number(raw) : raw;
  }
  return json;
}

export function fromActionJSON(json: Record<string, unknown>): ActionDraft {
  const type = String(json.type ?? "flag");
  if ((type === "set_metadata" || type === "set_private_metadata") && json.items && typeof json.items === "object") {
    const [key = "", value = ""] = Object.entries(json.items as Record<string, string>)[0] ?? [];
    return { type, params: { key, value: String(value) } };
  }
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(json)) if (name !== "type") params[name] = String(value);
  return { type, params };
}
