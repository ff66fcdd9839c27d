/** What the stock management screens share: the level shape they edit. */

import { graphql } from "../../api/graphql";
import type { LevelRowFragment } from "../../api/generated/operations";

export const LEVEL_ROW = graphql(`
fragment LevelRow on OmsStockLevel { id variantId sku onHand available safetyStock location { id name } }`);

export type LevelRow = LevelRowFragment;
