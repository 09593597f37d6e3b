import { useState } from "react";
import { buttonStyles, inputStyles } from "../ui/styles";

export interface RateRowValue {
  model: string;
  input: string;
  cachedInput: string;
  output: string;
}

export interface CatalogModel {
  id: string;
  input: string;
  cachedInput: string;
  output: string;
}

type Errors = Record<string, string[] | undefined>;

let nextKey = 0;
const keyed = (row: RateRowValue) => ({ ...row, key: nextKey++ });

/**
 * The plan's models, one row each, with input, cached-input and output prices in dollars per
 * 1M tokens. Picking a catalog model fills in its list prices as a starting point.
 */
export function RateRows({ initial, catalog, errors }: { initial: RateRowValue[]; catalog: CatalogModel[]; errors: Errors }) {
  const [rows, setRows] = useState(() => (initial.length ? initial : [{ model: "", input: "", cachedInput: "", output: "" }]).map(keyed));
  const update = (key: number, patch: Partial<RateRowValue>) => setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const onModel = (key: number, model: string) => {
    const known = catalog.find((m) => m.id === model);
    const row = rows.find((r) => r.key === key);
    const empty = row && !row.input && !row.cachedInput && !row.output;
    update(key, known && empty ? { model, input: known.input, cachedInput: known.cachedInput, output: known.output } : { model });
  };
  const error = (name: string) => errors[name]?.[0];
  return (
    <fieldset>
      <legend className="text-sm font-semibold text-slate-900">Models and rates</legend>
      <p className="mt-1 text-xs text-slate-500">Dollars per 1 million tokens; stored exactly, as integer millionths of a dollar.</p>
      <datalist id="catalog-models">
        {catalog.map((m) => (
          <option key={m.id} value={m.id} />
        ))}
      </datalist>
      <div className="mt-3 overflow-x-auto">
        <table className="min-w-full text-sm">
          <thead>
            <tr className="text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
              <th className="pb-2 pr-3">Model</th>
              <th className="pb-2 pr-3">Input $/1M</th>
              <th className="pb-2 pr-3">Cached input $/1M</th>
              <th className="pb-2 pr-3">Output $/1M</th>
              <th className="pb-2">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.key} data-testid={`rate-row-${i}`} className="align-top">
                <td className="py-1 pr-3">
                  <input
                    name={`rates.${i}.model`}
                    aria-label={`Model ${i + 1}`}
                    list="catalog-models"
                    value={row.model}
                    onChange={(e) => onModel(row.key, e.target.value)}
                    aria-invalid={error(`rates.${i}.model`) ? true : undefined}
                    className={`${inputStyles} min-w-44 font-mono`}
                  />
                  <RowError message={error(`rates.${i}.model`)} />
                </td>
                {(["input", "cachedInput", "output"] as const).map((field) => (
                  <td key={field} className="py-1 pr-3">
                    <input
                      name={`rates.${i}.${field}`}
                      aria-label={`${field === "cachedInput" ? "Cached input" : field === "input" ? "Input" : "Output"} rate for model ${i + 1}, dollars per 1M tokens`}
                      inputMode="decimal"
                      value={row[field]}
                      onChange={(e) => update(row.key, { [field]: e.target.value })}
                      aria-invalid={error(`rates.${i}.${field}`) ? true : undefined}
                      className={`${inputStyles} w-32 tabular-nums`}
                    />
                    <RowError message={error(`rates.${i}.${field}`)} />
                  </td>
                ))}
                <td className="py-1">
                  <button
                    type="button"
                    className={buttonStyles.ghost}
                    disabled={rows.length === 1}
                    onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}
                  >
                    Remove<span className="sr-only"> model {i + 1}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error("rates") ? <p className="mt-1 text-sm text-red-600">{error("rates")}</p> : null}
      <button
        type="button"
        className={`${buttonStyles.secondary} mt-3`}
        onClick={() => setRows((all) => [...all, keyed({ model: "", input: "", cachedInput: "", output: "" })])}
      >
        Add model
      </button>
    </fieldset>
  );
}

function RowError({ message }: { message: string | undefined }) {
  return message ? <p className="mt-1 max-w-48 text-xs text-red-600">{message}</p> : null;
}
