import { useState, type FormEvent } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { storeApiKey } from "./credentials";

/** Standalone only: the OMS inside the Dashboard is signed in by App Bridge. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [key, setKey] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!key.trim()) return;
    storeApiKey(key);
    onSignedIn();
  };
  return (
    <Box display="flex" justifyContent="center" paddingTop={20}>
      <Box as="form" onSubmit={submit} display="flex" flexDirection="column" gap={4} style={{ width: 420 }}>
        <Text as="h1" size={9} fontWeight="bold">
          Saleor OMS
        </Text>
        <Text color="default2">
          Open the OMS from Saleor's Dashboard (Orders → Saleor OMS), or sign in here with an OMS API key for
          development.
        </Text>
        <Input label="API key" type="password" value={key} onChange={(event) => setKey(event.target.value)} />
        <Button type="submit" variant="primary">
          Sign in
        </Button>
      </Box>
    </Box>
  );
}
