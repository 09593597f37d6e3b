import { describe, expect, it } from "vitest";
import { applyBalance } from "./customer-balance";

describe("applyBalance", () => {
  it("lets a credit smaller than the total reduce what is due and be used up", () => {
    expect(applyBalance(-500, 1200)).toEqual({ startingBalance: -500, amountDue: 700, endingBalance: 0 });
  });
  it("never lets a credit make the amount due negative; the rest stays as credit", () => {
    expect(applyBalance(-1500, 1200)).toEqual({ startingBalance: -1500, amountDue: 0, endingBalance: -300 });
    expect(applyBalance(-500, 0)).toEqual({ startingBalance: -500, amountDue: 0, endingBalance: -500 });
  });
  it("adds a debit to what is due", () => {
    expect(applyBalance(300, 1200)).toEqual({ startingBalance: 300, amountDue: 1500, endingBalance: 0 });
  });
  it("leaves an invoice alone without a balance", () => {
    expect(applyBalance(0, 1200)).toEqual({ startingBalance: 0, amountDue: 1200, endingBalance: 0 });
  });
});
