/** The shapes of the OMS API objects the pages read (a subset of the schema's fields). */

import type { FieldError } from "./client";

export interface Connection<T> {
  totalCount: number;
  edges: { node: T }[];
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
}

export interface Flag {
  label: string;
  colour: string;
  createdAt?: string;
}

export interface OrderLine {
  saleorId: string;
  sku: string;
  productName: string;
  variantName: string;
  quantity: number;
  quantityFulfilled: number;
}

export interface Location {
  id: string;
  saleorId: string;
  name: string;
  city: string;
  country: string;
}

export interface PlanLine {
  sku: string;
  quantity: number;
}

export interface PlanShipment {
  id: string;
  state: string;
  cost: number;
  distanceKm: number;
  location: { name: string };
  lines: PlanLine[];
}

export interface RoutingReason {
  code: string;
  message: string;
  rule: string | null;
}

export interface RoutingPlan {
  id: string;
  state: "PROPOSED" | "APPLYING" | "APPLIED" | "FAILED" | "SUPERSEDED";
  attempt: number;
  rulesetName: string;
  totalCost: number;
  errorMessage: string;
  createdAt: string;
  reasons: RoutingReason[];
  shipments: PlanShipment[];
  backorder: PlanLine[];
}

export interface Order {
  id: string;
  saleorId: string;
  number: string;
  status: string;
  chargeStatus: string;
  channelSlug: string;
  currency: string;
  totalGross: string;
  userEmail: string;
  createdAt: string;
  paidAt: string | null;
  flags: Flag[];
  routingPlan: Pick<RoutingPlan, "id" | "state"> | null;
}

export interface OrderDetail extends Omit<Order, "routingPlan"> {
  lines: OrderLine[];
  routingPlan: RoutingPlan | null;
}

export interface RoutingRuleSet {
  id: string;
  name: string;
  channel: string | null;
  version: number;
  state: "DRAFT" | "PUBLISHED" | "ARCHIVED";
  document: string;
  publishedAt: string | null;
}

export interface ReplayOutcome {
  cost: number;
  shipments: number;
  distanceKm: number;
  backorderedUnits: number;
}

export interface ReplayTotal extends ReplayOutcome {
  orders: number;
}

export interface ReplayReport {
  draft: string;
  orders: { orderNumber: string; error: string; draft: ReplayOutcome | null; published: ReplayOutcome | null }[];
  draftTotal: ReplayTotal;
  publishedTotal: ReplayTotal;
}

export interface LocationRoutingSettings {
  tags: string[];
  ships: boolean;
  pickup: boolean | null;
  dailyParcelCapacity: number | null;
  cutoffTime: string | null;
  timeZone: string;
  priority: number;
  parcelFixedCost: number;
  handlingCostPerUnit: number;
}

export interface Rule {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  priority: number;
  trigger: string;
  conditions: string;
  actions: string;
  refire: string;
  refireHours: number | null;
  version: number;
}

export interface RuleField {
  name: string;
  type: "number" | "string" | "boolean" | "set" | "hours" | "map";
  operators: string[];
  description: string;
}

export interface RuleTrigger {
  name: string;
  subject: "order" | "stock";
  description: string;
}

export interface RuleFiring {
  id: string;
  firedAt: string;
  ruleVersion: number;
  trigger: string;
  rule: { name: string } | null;
  order: { number: string } | null;
  actionRuns: { type: string; state: string; attempts: number; lastError: string }[];
}

export interface DryRun {
  evaluated: number;
  matched: number;
  matches: { number: string; alreadyFired: boolean }[];
}

export interface StaffTask {
  id: string;
  title: string;
  description: string;
  role: string;
  assignee: string;
  dueAt: string | null;
  status: string;
  order: { number: string } | null;
  createdAt: string;
}

export interface ReturnLine {
  id: string;
  sku: string;
  productName: string;
  quantity: number;
  reason: string;
  unitPrice: number;
  quantityResellable: number | null;
  quantityDamaged: number | null;
  quantityMissing: number | null;
}

export type ReturnStatus =
  | "REQUESTED"
  | "APPROVED"
  | "REJECTED"
  | "IN_TRANSIT"
  | "RECEIVED"
  | "INSPECTED"
  | "COMPLETED"
  | "CANCELLED";

export interface ReturnRequest {
  id: string;
  rmaNumber: string;
  status: ReturnStatus;
  resolution: string;
  orderNumber: string;
  channel: string;
  note: string;
  decisionReason: string;
  currency: string;
  refundAmount: number | null;
  createdAt: string;
  lines: ReturnLine[];
  /** none | pending | done | failed: recording in Saleor; COMPLETED only once Saleor accepted. */
  saleorState?: string;
  saleorErrorCode?: string;
  saleorError?: string;
}

export interface StockLevel {
  id: string;
  variantId: string;
  sku: string;
  onHand: number;
  allocated: number;
  reserved: number;
  safetyStock: number;
  available: number;
  location: { id: string; name: string };
}

export interface StockMovement {
  id: string;
  reason: string;
  onHandDelta: number;
  onHandAfter: number;
  reference: string;
  note: string;
  createdAt: string;
  stock: { sku: string; location: { name: string } };
}

export interface Reservation {
  id: string;
  reference: string;
  channel: string;
  state: string;
  expiresAt: string | null;
  lines: { variantId: string; quantity: number; location: { name: string } }[];
}

export interface InventoryChannel {
  slug: string;
  name: string;
  bufferKind: string;
  bufferValue: number;
  locations: { name: string }[];
}

export interface ChannelAvailability {
  variantId: string;
  channel: string;
  available: number;
  availableToSell: number;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  isActive: boolean;
}

export interface Viewer {
  kind: string;
  email: string;
  permissions: string[];
}

export interface Payload {
  errors: FieldError[];
}
