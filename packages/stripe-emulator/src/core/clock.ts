/**
 * The emulator's notion of "now" in Unix seconds. Tests shift it (e.g. past the 24 h dedupe window)
 * instead of waiting; webhook signatures still use the real wall clock, since receivers check it.
 */
export class Clock {
  private offsetSeconds = 0;

  now(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }

  get offset(): number {
    return this.offsetSeconds;
  }

  setOffset(seconds: number): void {
    this.offsetSeconds = Math.trunc(seconds);
  }
}
