import type { ReactNode, ThHTMLAttributes, TdHTMLAttributes } from "react";

/** A scrollable table with a caption for screen readers (visible captions are the card titles). */
export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="-mx-5 -my-5 overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ children, numeric, ...rest }: ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  return (
    <th
      scope="col"
      className={`bg-slate-50 px-4 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-slate-500 uppercase first:pl-5 last:pr-5 ${numeric ? "text-right" : "text-left"}`}
      {...rest}
    >
      {children}
    </th>
  );
}

export function Td({ children, numeric, className = "", ...rest }: TdHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  return (
    <td className={`px-4 py-2.5 align-top first:pl-5 last:pr-5 ${numeric ? "text-right tabular-nums" : ""} ${className}`} {...rest}>
      {children}
    </td>
  );
}

export function Tbody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-slate-100 bg-white">{children}</tbody>;
}
