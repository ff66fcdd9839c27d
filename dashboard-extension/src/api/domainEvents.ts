// Generated from the domains' events.py (DomainEvent enums): do not edit.
// Regenerate with: saleor-oms domain-events > dashboard-extension/src/api/domainEvents.ts

/** Every audit verb and rule trigger the domains declare. */
export type DomainEventName =
  | "api_key.created"
  | "api_key.revoked"
  | "availability.dead_lettered"
  | "availability.redelivered"
  | "availability_subscription.created"
  | "availability_subscription.deleted"
  | "availability_subscription.updated"
  | "backorder.cancelled"
  | "backorder.preorder_held"
  | "backorder.preorder_released"
  | "backorder.promised"
  | "backorder.waiting"
  | "box_type.deleted"
  | "box_type.saved"
  | "capture.accepted"
  | "capture.created"
  | "capture.discarded"
  | "capture.refused"
  | "capture.resubmitted"
  | "capture_source.created"
  | "capture_source.secret_rotated"
  | "carrier_account.deleted"
  | "carrier_account.saved"
  | "cart.expired"
  | "cart.ordered"
  | "channel.buffer_set"
  | "channel.created"
  | "channel.locations_set"
  | "checkout.abandoned"
  | "delivery_service.deleted"
  | "delivery_service.saved"
  | "feed_run.applied"
  | "feed_run.partial"
  | "feed_run.rejected"
  | "feed_run.stale"
  | "feed_source.created"
  | "feed_source.updated"
  | "flag.cleared"
  | "fulfillment.cancelled"
  | "fulfillment.created"
  | "fulfillment.delivered"
  | "fulfillment.shipped"
  | "fulfillment.status_changed"
  | "insights.exchange_rate_deleted"
  | "insights.exchange_rate_set"
  | "insights.report_schedule_deleted"
  | "insights.report_schedule_saved"
  | "insights.report_sent"
  | "insights.reporting_currency_set"
  | "inventory.imported"
  | "inventory.reconciled"
  | "location.archived"
  | "location.coordinates_cleared"
  | "location.coordinates_set"
  | "location.created"
  | "location.deleted"
  | "location.delivery_calendar_updated"
  | "location.placed"
  | "location.received"
  | "location.restored"
  | "location.routing_settings_updated"
  | "location.updated"
  | "location.warehouse_execution_updated"
  | "manifest.closed"
  | "order.cancelled"
  | "order.confirmed"
  | "order.created"
  | "order.delivered_recorded"
  | "order.fulfilled"
  | "order.paid"
  | "order.promise_at_risk"
  | "order.received"
  | "order.ship_promise_broken"
  | "order.ship_promise_kept"
  | "order.status_changed"
  | "order.updated"
  | "pack.scanned"
  | "parcel.closed"
  | "parcel.delivered"
  | "parcel.labelled"
  | "parcel.shipped"
  | "parcel.voided"
  | "pick.confirmed"
  | "pick.short"
  | "pick.short_recorded"
  | "pick_list.cancelled"
  | "pick_list.done"
  | "pick_list.picking"
  | "plan_shipment.applied"
  | "plan_shipment.cancelled"
  | "plan_shipment.failed"
  | "plan_shipment.short_picked"
  | "plan_shipment.superseded"
  | "purchase_order.cancelled"
  | "purchase_order.created"
  | "purchase_order.emailed"
  | "purchase_order.late"
  | "purchase_order.partially_received"
  | "purchase_order.receipt_recorded"
  | "purchase_order.received"
  | "purchase_order.sent"
  | "purchase_order.updated"
  | "replenishment_setting.created"
  | "replenishment_setting.deleted"
  | "replenishment_setting.updated"
  | "reservation.converted"
  | "reservation.created"
  | "reservation.expired"
  | "reservation.linked"
  | "reservation.released"
  | "return.approved"
  | "return.cancelled"
  | "return.completed"
  | "return.completion_requested"
  | "return.exchange_drafted"
  | "return.in_transit"
  | "return.inspected"
  | "return.received"
  | "return.refund_granted"
  | "return.refund_requested"
  | "return.rejected"
  | "return.requested"
  | "return.saleor_failed"
  | "return.saleor_recorded"
  | "return.saleor_retried"
  | "return.saleor_synced"
  | "return.store_credit_issued"
  | "return_policy.created"
  | "return_policy.updated"
  | "routing.held"
  | "routing.merge_waiting"
  | "routing.released"
  | "routing_plan.applied"
  | "routing_plan.applying"
  | "routing_plan.failed"
  | "routing_plan.proposed"
  | "routing_plan.superseded"
  | "routing_ruleset.archived"
  | "routing_ruleset.created"
  | "routing_ruleset.published"
  | "routing_ruleset.updated"
  | "rule.action_failed"
  | "rule.action_succeeded"
  | "rule.created"
  | "rule.deleted"
  | "rule.fired"
  | "rule.updated"
  | "screening.address_accepted"
  | "screening.cancelled"
  | "screening.held"
  | "screening.passed"
  | "screening.released"
  | "screening.rerun"
  | "screening.substitute_accepted"
  | "screening_config.updated"
  | "shipping_label.failed"
  | "stock.low"
  | "stock.out"
  | "stock.run_out_risk"
  | "stock_alert.acknowledged"
  | "stock_alert.opened"
  | "stock_alert.resolved"
  | "supplier.created"
  | "supplier.item_deleted"
  | "supplier.item_set"
  | "supplier.updated"
  | "task.assigned"
  | "task.completed"
  | "task.created"
  | "tenant.import_failed"
  | "tenant.import_finished"
  | "tenant.import_retrying"
  | "tenant.import_started"
  | "tenant.imported"
  | "tenant.installed"
  | "tenant.jwks_rotated"
  | "tenant.reinstalled"
  | "tenant.settings_updated"
  | "tenant.uninstalled"
  | "transfer.cancelled"
  | "transfer.in_transit"
  | "transfer.received"
  | "transfer.requested"
  | "variant_dimensions.imported"
  | "variant_dimensions.saved"
  | "warehouse_bin.deleted"
  | "warehouse_bin.saved"
  | "warehouse_release.cancelled"
  | "warehouse_release.packed"
  | "warehouse_release.picked"
  | "warehouse_release.picking"
  | "warehouse_release.released"
  | "warehouse_release.shipped"
  | "warehouse_release.short_picked"
  | "warehouse_ship.refused"
  | "warehouse_ship.requested"
  | "warehouse_slot.deleted"
  | "warehouse_slot.saved"
  | "warehouse_slotting.imported"
  | "warehouse_zone.deleted"
  | "warehouse_zone.saved"
  | "wave.cancelled"
  | "wave.done"
  | "wave.open"
  | "wave.picking"
  | "wave.released"
  | "webhook.redelivered"
  | "webhook_endpoint.created";

/** The rule triggers (what `ruleTriggers` lists); time rules run on "schedule". */
export const TRIGGERS = {
  BACKORDER_CANCELLED: "backorder.cancelled",
  BACKORDER_PREORDER_HELD: "backorder.preorder_held",
  BACKORDER_PREORDER_RELEASED: "backorder.preorder_released",
  BACKORDER_PROMISED: "backorder.promised",
  BACKORDER_WAITING: "backorder.waiting",
  CAPTURE_CREATED: "capture.created",
  CHECKOUT_ABANDONED: "checkout.abandoned",
  FULFILLMENT_CANCELLED: "fulfillment.cancelled",
  FULFILLMENT_CREATED: "fulfillment.created",
  FULFILLMENT_DELIVERED: "fulfillment.delivered",
  FULFILLMENT_SHIPPED: "fulfillment.shipped",
  ORDER_CANCELLED: "order.cancelled",
  ORDER_CONFIRMED: "order.confirmed",
  ORDER_CREATED: "order.created",
  ORDER_FULFILLED: "order.fulfilled",
  ORDER_PAID: "order.paid",
  ORDER_PROMISE_AT_RISK: "order.promise_at_risk",
  ORDER_UPDATED: "order.updated",
  PICK_SHORT: "pick.short",
  PURCHASE_ORDER_LATE: "purchase_order.late",
  PURCHASE_ORDER_RECEIVED: "purchase_order.received",
  RETURN_APPROVED: "return.approved",
  RETURN_CANCELLED: "return.cancelled",
  RETURN_COMPLETED: "return.completed",
  RETURN_IN_TRANSIT: "return.in_transit",
  RETURN_INSPECTED: "return.inspected",
  RETURN_RECEIVED: "return.received",
  RETURN_REJECTED: "return.rejected",
  RETURN_REQUESTED: "return.requested",
  SCHEDULE: "schedule",
  SCREENING_CANCELLED: "screening.cancelled",
  SCREENING_HELD: "screening.held",
  SCREENING_PASSED: "screening.passed",
  SCREENING_RELEASED: "screening.released",
  STOCK_LOW: "stock.low",
  STOCK_OUT: "stock.out",
  STOCK_RUN_OUT_RISK: "stock.run_out_risk",
} as const satisfies Record<string, DomainEventName | "schedule">;

export type TriggerName = (typeof TRIGGERS)[keyof typeof TRIGGERS];

/** The keys of each trigger's event data: `event.<key>` in rule conditions and templates
 * (`ruleTriggers { eventFields }` has their types). Triggers not listed carry none. */
export const TRIGGER_EVENT_FIELDS = {
  "backorder.cancelled": ["backorders", "reason", "skus", "units"],
  "backorder.preorder_held": ["backorders", "skus", "units"],
  "backorder.preorder_released": ["backorders", "skus", "units"],
  "backorder.promised": ["backorders", "locations", "plan_id", "promised_ship_date", "routed_units", "skus", "still_waiting", "units"],
  "backorder.waiting": ["backorders", "plan_id", "skus", "units"],
  "capture.created": ["externalReference", "source"],
  "fulfillment.delivered": ["delivered_on", "release_id", "tracking_numbers"],
  "fulfillment.shipped": ["carrier", "fulfillment_id", "location_id", "parcels", "release_id", "service", "shipment_id", "tracking_numbers"],
  "order.promise_at_risk": ["delivery_latest", "location", "service", "ship_date"],
  "pick.short": ["location_id", "missing", "release_id", "shipment_id"],
  "screening.cancelled": ["channel", "currency", "marks", "reasons", "riskScore"],
  "screening.held": ["channel", "currency", "marks", "reasons", "riskScore"],
  "screening.passed": ["channel", "currency", "marks", "reasons", "riskScore"],
  "screening.released": ["channel", "currency", "marks", "reasons", "riskScore"],
} as const satisfies Partial<Record<TriggerName, readonly string[]>>;
