/**
 * Purchasing: purchase suggestions turned into purchase orders, the orders themselves (sent,
 * received, cancelled) and the suppliers with what each sells. Needs MANAGE_PRODUCTS.
 */

import { useState } from "react";
import { Box, Button } from "@saleor/macaw-ui";

import { PageHeader } from "../components/ui";
import { PurchaseOrders } from "./purchasing/PurchaseOrders";
import { Suggestions } from "./purchasing/Suggestions";
import { Suppliers } from "./purchasing/Suppliers";

const TABS = ["Suggestions", "Purchase orders", "Suppliers"] as const;
type Tab = (typeof TABS)[number];

export function PurchasingPage() {
  const [tab, setTab] = useState<Tab>("Suggestions");
  const [openOrder, setOpenOrder] = useState<string>();
  const show = (id: string | undefined) => {
    setOpenOrder(id);
    setTab("Purchase orders");
  };
  return (
    <>
      <PageHeader title="Purchasing" />
      <Box display="flex" gap={1} marginBottom={4} role="tablist" flexWrap="wrap">
        {TABS.map((name) => (
          <Button
            key={name}
            role="tab"
            aria-selected={tab === name}
            variant={tab === name ? "primary" : "tertiary"}
            size="small"
            onClick={() => {
              setTab(name);
              if (name === "Purchase orders") setOpenOrder(undefined);
            }}
          >
            {name}
          </Button>
        ))}
      </Box>
      {tab === "Suggestions" && <Suggestions onOpenOrder={show} />}
      {tab === "Purchase orders" && <PurchaseOrders openId={openOrder} onOpen={show} />}
      {tab === "Suppliers" && <Suppliers />}
    </>
  );
}
