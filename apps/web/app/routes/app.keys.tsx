import { Alert, Badge, Button, Card, EmptyState, Field } from "@meterkit/ui";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { CopyButton } from "~/components/copy-button";
import { PageBody, PageHeader } from "~/components/page-header";
import { RouteError } from "~/components/route-error";
import { formatDateTime } from "~/lib/format";
import { requireSameOrigin, requireUser } from "~/lib/server/auth.server";
import { callerFor } from "~/lib/server/caller.server";
import { env } from "~/lib/server/env.server";
import { toFormFailure } from "~/lib/server/form-errors.server";
import { readForm } from "@meterkit/app-server";

export const meta: MetaFunction = () => [{ title: "API keys · Meterkit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { keys: await callerFor(user, request, context.ip).apiKeys.find(), apiBase: `${env.WEB_URL.replace(/\/+$/, "")}/v1` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const caller = callerFor(user, request, context.ip);
  const form = await readForm(request);
  try {
    if (form.get("intent") === "revoke") {
      await caller.apiKeys.revoke({ id: String(form.get("id") ?? "") });
      return { created: null, revoked: true, message: "", fieldErrors: {} as Record<string, string[]> };
    }
    // The full key exists only in this response; the database keeps a hash and a prefix.
    const created = await caller.apiKeys.create({ name: String(form.get("name") ?? "") });
    return { created: { key: created.key, name: created.apiKey.name }, revoked: false, message: "", fieldErrors: {} as Record<string, string[]> };
  } catch (error) {
    const { failure, status } = toFormFailure(error);
    return data({ created: null, revoked: false, ...failure }, { status });
  }
}

export default function ApiKeys() {
  const { keys, apiBase } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const creating = navigation.formData?.get("intent") === "create";
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.created) formRef.current?.reset();
  }, [result]);
  return (
    <PageBody>
      <PageHeader title="API keys" description="Call the OpenAI-compatible API with your own key. Usage is billed to your plan like chat." />
      {result?.created ? (
        <Alert tone="success" title={`Key “${result.created.name}” created — copy it now`}>
          <p>This is the only time the full key is shown. Store it in a secret manager.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code data-testid="new-api-key" className="block min-w-0 flex-1 break-all rounded bg-white px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-emerald-200">
              {result.created.key}
            </code>
            <CopyButton text={result.created.key} label="Copy key" />
          </div>
          <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
            {`curl ${apiBase}/chat/completions \\\n  -H "Authorization: Bearer ${result.created.key}" \\\n  -H "Content-Type: application/json" \\\n  -d '{"model": "meterkit-demo", "messages": [{"role": "user", "content": "Hello"}]}'`}
          </pre>
        </Alert>
      ) : null}
      {result?.message && !Object.keys(result.fieldErrors).length ? <Alert tone="danger">{result.message}</Alert> : null}
      <Card title="Create a key">
        <Form method="post" ref={formRef} className="flex flex-wrap items-start gap-3" noValidate>
          <input type="hidden" name="intent" value="create" />
          <Field name="name" label="Name" placeholder="e.g. production backend" required maxLength={80} errors={result?.fieldErrors.name} className="w-72" />
          <Button type="submit" busy={creating} className="mt-6">
            Create key
          </Button>
        </Form>
      </Card>
      <Card title="Your keys">
        {keys.length === 0 ? (
          <EmptyState title="No keys yet">Create one to call {apiBase} from your own code.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm whitespace-nowrap [&_td]:pr-4 [&_th]:pr-4" data-testid="api-keys">
              <caption className="sr-only">API keys</caption>
              <thead>
                <tr className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                  <th scope="col" className="py-2 font-medium">Name</th>
                  <th scope="col" className="py-2 font-medium">Key</th>
                  <th scope="col" className="py-2 font-medium">Created</th>
                  <th scope="col" className="py-2 font-medium">Last used</th>
                  <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id} className="border-b border-slate-100 last:border-0" data-testid="api-key-row">
                    <td className="py-2 font-medium text-slate-900">{key.name}</td>
                    <td className="py-2 font-mono text-xs text-slate-600">{key.prefix}…</td>
                    <td className="py-2 text-slate-600">{formatDateTime(key.createdAt)}</td>
                    <td className="py-2 text-slate-600">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "Never"}</td>
                    <td className="py-2 text-right">
                      {key.revokedAt ? (
                        <Badge tone="neutral">Revoked {formatDateTime(key.revokedAt)}</Badge>
                      ) : (
                        <Form method="post" onSubmit={(e) => !confirm(`Revoke “${key.name}”? Requests with it will fail at once.`) && e.preventDefault()}>
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="id" value={key.id} />
                          <Button type="submit" variant="ghost" className="text-red-600! hover:bg-red-50" aria-label={`Revoke ${key.name}`}>
                            Revoke
                          </Button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </PageBody>
  );
}

export function ErrorBoundary() {
  return <RouteError what="your API keys" />;
}
