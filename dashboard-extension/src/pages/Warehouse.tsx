/**
 * Warehouse: execution at one location at a time (`?location=<OmsLocation id>`, the first
 * location unless chosen): waves and batches with their pick lists, the pack station, shipping
 * and manifests, the layout and box editors, variant dimensions and the execution settings.
 * Each section is its own address (`/warehouse/pack?location=…`), so a pack bench can keep
 * its station open.
 */

import { Box, Text } from "@saleor/macaw-ui";
import { NavLink, useParams, useSearchParams } from "react-router-dom";

import { PageHeader, Select } from "../components/ui";
import { useLocations } from "../queries/locations";
import { BoxCatalogue } from "./warehouse/Boxes";
import { VariantDimensionsEditor } from "./warehouse/Dimensions";
import { ExecutionSettings } from "./warehouse/Execution";
import { LayoutEditor } from "./warehouse/Layout";
import { PackStation } from "./warehouse/PackStation";
import { Shipping } from "./warehouse/Shipping";
import { Waves } from "./warehouse/Waves";

export const SECTIONS = [
  { path: "waves", label: "Waves & batches" },
  { path: "pack", label: "Pack station" },
  { path: "shipping", label: "Shipping & manifests" },
  { path: "layout", label: "Layout" },
  { path: "boxes", label: "Boxes" },
  { path: "dimensions", label: "Dimensions" },
  { path: "settings", label: "Settings" },
] as const;

type Section = (typeof SECTIONS)[number]["path"];

export function WarehousePage() {
  const { locations, loading } = useLocations();
  const [params, setParams] = useSearchParams();
  const wanted = (useParams()["*"] ?? "").split("/")[0];
  const section: Section = SECTIONS.find((item) => item.path === wanted)?.path ?? "waves";
  const locationId = params.get("location") || locations[0]?.id || "";
  const location = locations.find((item) => item.id === locationId);
  const query = locationId ? `?location=${encodeURIComponent(locationId)}` : "";

  return (
    <>
      <PageHeader title={section === "pack" ? `Pack station${location ? ` · ${location.name}` : ""}` : "Warehouse"}>
        <Select
          label="Location"
          value={locationId}
          onChange={(event) => setParams((current) => {
            const next = new URLSearchParams(current);
            next.set("location", event.target.value);
            return next;
          })}
          options={locations.map((item) => ({ value: item.id, label: item.name }))}
        />
      </PageHeader>
      <Box as="nav" aria-label="Warehouse" display="flex" gap={1} marginBottom={4} flexWrap="wrap">
        {SECTIONS.map((item) => (
          <NavLink key={item.path} to={`/warehouse/${item.path}${query}`} style={{ textDecoration: "none" }}>
            {() => (
              <Box as="span" paddingX={3} paddingY={1.5} borderRadius={3} backgroundColor={item.path === section ? "default1Pressed" : "transparent"}>
                <Text size={3} fontWeight={item.path === section ? "bold" : "regular"}>
                  {item.label}
                </Text>
              </Box>
            )}
          </NavLink>
        ))}
      </Box>
      {!locationId ? (
        <Text color="default2">{loading ? "Loading locations…" : "No location yet: Saleor's warehouses appear once imported."}</Text>
      ) : (
        <Box key={locationId}>
          {section === "waves" && <Waves locationId={locationId} />}
          {section === "pack" && <PackStation locationId={locationId} />}
          {section === "shipping" && <Shipping locationId={locationId} />}
          {section === "layout" && <LayoutEditor locationId={locationId} />}
          {section === "boxes" && <BoxCatalogue locationId={locationId} />}
          {section === "dimensions" && <VariantDimensionsEditor />}
          {section === "settings" && <ExecutionSettings locationId={locationId} />}
        </Box>
      )}
    </>
  );
}
