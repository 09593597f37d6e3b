/** One line of the results table. `status` is set when the line is checked against a target. */
export type BenchRow = {
  metric: string;
  value: string;
  target?: string;
  status?: "PASS" | "MISS";
};

/** A benchmark module: index.ts runs every module in its list and prints all rows in one table. */
export type BenchModule = {
  name: string;
  run(log: (line: string) => void): Promise<BenchRow[]>;
};
