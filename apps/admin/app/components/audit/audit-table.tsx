import { Link } from "@remix-run/react";
import { auditChanges } from "~/lib/audit-diff";
import { formatDateTime } from "~/lib/format";
import { Badge } from "../ui/badge";
import { EmptyState } from "../ui/empty-state";
import { Table, Tbody, Td, Th } from "../ui/table";

interface Entry {
  id: string;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  createdAt: string | null;
}

const targetLinks: Record<string, (id: string) => string> = {
  customer: (id) => `/customers/${id}`,
  plan: (id) => `/plans/${id}`,
  reconciliation_run: (id) => `/reconciliation/${id}`,
};

export function AuditTable({ entries, filtered }: { entries: Entry[]; filtered: boolean }) {
  if (entries.length === 0) {
    return <EmptyState title={filtered ? "No entries match" : "No admin actions yet"}>{filtered ? "Loosen the filters above." : "Every admin action is recorded here."}</EmptyState>;
  }
  return (
    <Table caption="Audit entries, newest first">
      <thead>
        <tr>
          <Th>When</Th>
          <Th>Who</Th>
          <Th>What</Th>
          <Th>Target</Th>
          <Th>Before → after</Th>
        </tr>
      </thead>
      <Tbody>
        {entries.map((e) => {
          const changes = auditChanges(e.before, e.after);
          const link = e.targetId ? targetLinks[e.targetType]?.(e.targetId) : undefined;
          return (
            <tr key={e.id} data-testid="audit-entry" data-action={e.action}>
              <Td className="text-xs whitespace-nowrap text-slate-600">{formatDateTime(e.createdAt)}</Td>
              <Td className="text-sm">{e.actorEmail ?? "deleted user"}</Td>
              <Td>
                <Badge tone="indigo">{e.action}</Badge>
              </Td>
              <Td className="text-xs">
                <div className="text-slate-500">{e.targetType.replace(/_/g, " ")}</div>
                {e.targetId ? (
                  link ? (
                    <Link to={link} className="font-mono text-indigo-700 hover:underline">
                      {e.targetId.slice(0, 8)}…
                    </Link>
                  ) : (
                    <span className="font-mono">{e.targetId.slice(0, 8)}…</span>
                  )
                ) : null}
              </Td>
              <Td>
                {changes.length === 0 ? (
                  <span className="text-xs text-slate-400">no field changed</span>
                ) : (
                  <details>
                    <summary className="cursor-pointer text-xs text-slate-700">
                      {changes.length} field{changes.length === 1 ? "" : "s"}: {changes.slice(0, 3).map((c) => c.field).join(", ")}
                      {changes.length > 3 ? ", …" : ""}
                    </summary>
                    <dl className="mt-2 space-y-1 text-xs">
                      {changes.map((c) => (
                        <div key={c.field} className="grid grid-cols-[8rem_1fr] gap-2">
                          <dt className="font-mono text-slate-500">{c.field}</dt>
                          <dd className="font-mono break-all">
                            <span className="text-red-700 line-through decoration-red-300">{truncate(c.before)}</span> → <span className="text-emerald-700">{truncate(c.after)}</span>
                          </dd>
                        </div>
                      ))}
                    </dl>
                  </details>
                )}
              </Td>
            </tr>
          );
        })}
      </Tbody>
    </Table>
  );
}

function truncate(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
