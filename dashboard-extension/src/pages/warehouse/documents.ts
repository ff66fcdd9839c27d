/**
 * Printing: `warehouseDocument` answers a signed, short-lived link to a PDF (or ZPL) made for
 * a wave, a release or a parcel; the link is opened in a new tab, where the browser prints it.
 * The link is asked for at the click, never kept: it expires.
 */

import { useCallback } from "react";

import { graphql } from "../../api/graphql";
import type { OmsDocumentFormat, OmsDocumentKind } from "../../api/generated/operations";
import { useApp } from "../../app/AppContext";
import { useAction } from "../../app/hooks";

export const WAREHOUSE_DOCUMENT = graphql(`
query WarehouseDocument($kind: OmsDocumentKind!, $waveId: ID, $releaseId: ID, $parcelId: ID, $format: OmsDocumentFormat) {
  warehouseDocument(kind: $kind, waveId: $waveId, releaseId: $releaseId, parcelId: $parcelId, format: $format) { url filename contentType expiresAt }
}`);

export interface DocumentOf {
  waveId?: string;
  releaseId?: string;
  parcelId?: string;
}

export const DOCUMENT_LABELS: Record<OmsDocumentKind, string> = {
  PICK_LIST: "pick lists",
  PACKING_SLIPS: "packing slips",
  LABELS: "labels",
};

/** `print(kind, of)` asks for the document's link and opens it; `busy` while asking. */
export function usePrint() {
  const { client, openUrl } = useApp();
  const { busy, run } = useAction();
  const print = useCallback(
    (kind: OmsDocumentKind, of: DocumentOf, format: OmsDocumentFormat = "PDF") =>
      run(async () => {
        const data = await client.request(WAREHOUSE_DOCUMENT, {
          kind,
          waveId: of.waveId ?? null,
          releaseId: of.releaseId ?? null,
          parcelId: of.parcelId ?? null,
          format,
        });
        openUrl(data.warehouseDocument.url);
        return data.warehouseDocument;
      }),
    [client, openUrl, run],
  );
  return { busy, print };
}
