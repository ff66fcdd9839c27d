/**
 * Capture: orders from outside channels (phone, marketplace, shop till). The sources they come
 * from (with the webhook's URL and its secret, shown once), a CSV import, and every captured
 * order with the refused ones to correct and resend or discard.
 */

import { useState } from "react";
import { Box } from "@saleor/macaw-ui";

import { useQuery } from "../app/hooks";
import { PageHeader, QueryBody } from "../components/ui";
import { CapturedOrders } from "./capture/CapturedOrders";
import { CsvUpload } from "./capture/CsvUpload";
import { CAPTURE_SOURCES } from "./capture/documents";
import { CaptureSources } from "./capture/Sources";

export function CapturePage() {
  const sources = useQuery(CAPTURE_SOURCES);
  const [imports, setImports] = useState(0);
  const list = sources.data?.captureSources ?? [];
  return (
    <>
      <PageHeader title="Capture" />
      <QueryBody {...sources}>
        {() => (
          <Box display="flex" flexDirection="column" gap={5}>
            <CaptureSources sources={list} onChanged={sources.reload} />
            {list.length > 0 && <CsvUpload sources={list} onImported={() => setImports((value) => value + 1)} />}
            <CapturedOrders sources={list} reloadKey={imports} />
          </Box>
        )}
      </QueryBody>
    </>
  );
}
