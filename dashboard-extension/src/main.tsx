import "@saleor/macaw-ui/style";

import { createRoot } from "react-dom/client";

import { Root } from "./app/Root";

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root");
createRoot(container).render(<Root />);
