import { Button, inputClass } from "@meterkit/ui";
import { Form, useNavigation } from "@remix-run/react";
import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { formatMicros } from "~/lib/money";

export interface ModelOption {
  model: string;
  inputMicrosPerMtok: number;
  outputMicrosPerMtok: number;
}

/**
 * The message box. Without JavaScript it is a plain form post (the server answers when the whole
 * reply is written); with JavaScript `onSend` streams the reply instead. Enter sends,
 * Shift+Enter starts a new line.
 */
export function Composer({
  models,
  defaultModel,
  disabled,
  streaming,
  onSend,
  onStop,
}: {
  models: ModelOption[];
  defaultModel: string;
  disabled: boolean;
  streaming: boolean;
  onSend: (message: string, model: string) => Promise<boolean>;
  onStop: () => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [model, setModel] = useState(defaultModel);
  const posting = useNavigation().state === "submitting";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const box = event.currentTarget.elements.namedItem("message") as HTMLTextAreaElement;
    const message = box.value.trim();
    if (!message || streaming || disabled) return;
    box.value = "";
    const accepted = await onSend(message, model);
    // A refused message goes back into the box so it can be fixed and sent again.
    if (!accepted && box.value === "") box.value = message;
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  }

  return (
    <Form method="post" ref={formRef} onSubmit={submit} className="rounded-2xl bg-white p-3 shadow-sm ring-1 ring-slate-200">
      <label htmlFor="chat-message" className="sr-only">
        Message
      </label>
      <textarea
        id="chat-message"
        name="message"
        rows={2}
        disabled={disabled}
        onKeyDown={onKeyDown}
        placeholder={disabled ? "Subscribe to a plan to start chatting." : "Ask anything — try “show my usage chart”"}
        className="block w-full resize-none border-0 bg-transparent px-1 text-sm text-slate-900 placeholder:text-slate-500 focus:ring-0 focus:outline-none"
      />
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <label htmlFor="chat-model" className="text-xs font-medium text-slate-500">
            Model
          </label>
          <select id="chat-model" name="model" value={model} onChange={(e) => setModel(e.target.value)} disabled={disabled || streaming} className={`${inputClass} w-auto py-1 text-xs`}>
            {models.map((m) => (
              <option key={m.model} value={m.model}>
                {m.model} — {formatMicros(m.inputMicrosPerMtok)} in / {formatMicros(m.outputMicrosPerMtok)} out per 1M
              </option>
            ))}
          </select>
        </div>
        {streaming ? (
          <Button variant="secondary" onClick={onStop} aria-label="Stop the reply">
            <span aria-hidden className="size-2.5 rounded-sm bg-slate-700" />
            Stop
          </Button>
        ) : (
          <Button type="submit" disabled={disabled} busy={posting}>
            Send
          </Button>
        )}
      </div>
    </Form>
  );
}
