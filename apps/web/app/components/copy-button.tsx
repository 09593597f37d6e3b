import { Button } from "@meterkit/ui";
import { useState } from "react";

/** Copies `text` to the clipboard and says so; without JavaScript (or clipboard access) the text stays there to select by hand. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  return (
    <Button type="button" variant="secondary" onClick={() => void copy()} aria-live="polite">
      {copied === "yes" ? "Copied" : copied === "failed" ? "Select and copy it by hand" : label}
    </Button>
  );
}
