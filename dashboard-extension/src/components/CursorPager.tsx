import { Box, Button, Text } from "@saleor/macaw-ui";

/**
 * Previous / Next over a cursor-paginated list (pages kept as the cursors that led to them);
 * nothing while there is only one page.
 */
export function CursorPager({
  page,
  hasNext,
  busy,
  onPrevious,
  onNext,
}: {
  page: number;
  hasNext: boolean;
  busy: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  if (page <= 1 && !hasNext) return null;
  return (
    <Box display="flex" gap={2} alignItems="center" marginTop={3}>
      <Button variant="secondary" size="small" disabled={page === 1 || busy} onClick={onPrevious}>
        Previous
      </Button>
      <Text size={2} color="default2">
        Page {page}
      </Text>
      <Button variant="secondary" size="small" disabled={!hasNext || busy} onClick={onNext}>
        Next
      </Button>
    </Box>
  );
}
