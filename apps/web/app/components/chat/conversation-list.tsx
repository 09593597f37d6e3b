import { NavLink } from "@remix-run/react";

export interface ConversationItem {
  id: string;
  title: string;
  model: string;
  updatedAt: string;
}

/** The user's conversations, most recent first; the current one is highlighted. */
export function ConversationList({ conversations }: { conversations: ConversationItem[] }) {
  if (conversations.length === 0) return <p className="px-3 py-2 text-sm text-slate-500">No conversations yet.</p>;
  return (
    <ul className="space-y-0.5" data-testid="conversation-list">
      {conversations.map((c) => (
        <li key={c.id}>
          <NavLink
            to={`/app/chat/${c.id}`}
            className={({ isActive }) =>
              `block truncate rounded-lg px-3 py-2 text-sm ${isActive ? "bg-white font-medium text-slate-900 shadow-sm ring-1 ring-slate-200" : "text-slate-600 hover:bg-white/70 hover:text-slate-900"}`
            }
            title={c.title}
          >
            {c.title}
            <span className="block truncate text-xs font-normal text-slate-500">{c.model}</span>
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
