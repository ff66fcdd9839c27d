/**
 * The inventory channels with their buffers and serving locations, for the Stock page's filter
 * and the product widget's availability by channel.
 */

import { graphql } from "../api/graphql";

export const INVENTORY_CHANNELS = graphql(`
query Channels { inventoryChannels { slug name bufferKind bufferValue locations { name } } }`);
