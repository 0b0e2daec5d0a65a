/** A clock tests set and move by hand; pass `clock.now` as the hub's `now`. */
export class TestClock {
  private current: Date;

  constructor(start: string | Date) {
    this.current = new Date(start);
  }

  readonly now = (): Date => new Date(this.current);

  set(instant: string | Date): void {
    this.current = new Date(instant);
  }

  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}
