import { useNavigation } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { SidebarNav } from "./sidebar-nav";

/** Sidebar for signed-in admins (a scrolling bar of sections on a phone), a thin progress bar while a page loads, and the page itself. */
export function AppShell({ signedIn, children }: { signedIn: boolean; children: ReactNode }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  // Marks the document once React has taken over, so browser tests know buttons and dialogs work.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <div className="flex min-h-[calc(100vh-3.5rem)] flex-col md:flex-row">
      <div
        aria-hidden
        className={`fixed inset-x-0 top-0 z-50 h-0.5 origin-left bg-indigo-500 transition-transform duration-500 ${busy ? "scale-x-75" : "scale-x-0"}`}
      />
      {signedIn ? <SidebarNav /> : null}
      <main id="main" aria-busy={busy} className="min-w-0 flex-1 px-4 py-6 sm:px-6 sm:py-8 lg:px-10">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
