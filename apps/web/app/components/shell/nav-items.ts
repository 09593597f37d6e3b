/** The app's sections, in sidebar order. */
export const navItems = [
  { to: "/app/chat", label: "Chat", icon: "M8 10h8M8 14h5M21 12a9 9 0 0 1-13.5 7.8L3 21l1.2-4.5A9 9 0 1 1 21 12Z" },
  { to: "/app/usage", label: "Usage", icon: "M4 20V10M10 20V4M16 20v-7M22 20H2" },
  { to: "/app/keys", label: "API keys", icon: "M15 7a4 4 0 1 1-3.9 4.9L3 20v-3h3v-3h3l2.1-2.1A4 4 0 0 1 15 7Z" },
  { to: "/app/plans", label: "Plans & billing", icon: "M3 7h18M3 7v11a1 1 0 0 0 1 1h16a1 1 0 0 0 1-1V7M3 7l2-3h14l2 3M7 15h4" },
  { to: "/app/account", label: "Account", icon: "M20 21a8 8 0 0 0-16 0M12 13a5 5 0 1 0 0-10 5 5 0 0 0 0 10Z" },
] as const;
