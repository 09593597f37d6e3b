import Stripe from "stripe";
import type { Clock } from "./clock";
import { newId } from "./ids";
import { emptyData, emptyStats, type MeterEventRecord, type Stats, type StoreData } from "./store";
import type { Event } from "./wire";

export interface EmitRequest {
  id: string | null;
  idempotency_key: string | null;
}

/**
 * The emulator's in-memory state: the persisted data, the indexes rebuilt from it, the counters,
 * and the hook that hands every new Stripe event to webhook delivery.
 */
export class EmulatorState {
  data: StoreData = emptyData();
  stats: Stats = emptyStats();
  private byIdentifier = new Map<string, MeterEventRecord>();
  private byMeterCustomer = new Map<string, MeterEventRecord[]>();

  constructor(
    readonly clock: Clock,
    private readonly onChange: () => void,
    private readonly onEvent: (event: Event) => void,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** Marks the state dirty so the state file gets written. */
  changed(): void {
    this.onChange();
  }

  load(data: StoreData): void {
    this.data = data;
    this.byIdentifier.clear();
    this.byMeterCustomer.clear();
    for (const rec of data.meterEvents) this.index(rec);
  }

  reset(): void {
    this.load(emptyData());
    this.stats = emptyStats();
    this.changed();
  }

  addMeterEvent(rec: MeterEventRecord): void {
    this.data.meterEvents.push(rec);
    this.index(rec);
    this.changed();
  }

  /** The latest event sent with this identifier, if any. */
  meterEventByIdentifier(identifier: string): MeterEventRecord | undefined {
    return this.byIdentifier.get(identifier);
  }

  /** Events for one meter and customer (any status), in arrival order. */
  meterEventsFor(meterId: string, customer: string): MeterEventRecord[] {
    return this.byMeterCustomer.get(`${meterId}|${customer}`) ?? [];
  }

  /** Deletes every event with the identifier, as if Stripe had lost it (drift for reconciliation tests). */
  removeMeterEvent(identifier: string): number {
    const before = this.data.meterEvents.length;
    this.load({ ...this.data, meterEvents: this.data.meterEvents.filter((e) => e.identifier !== identifier) });
    this.changed();
    return before - this.data.meterEvents.length;
  }

  /** Records a Stripe event (`customer.subscription.created`, …) and queues its webhook. */
  emit(type: Event["type"], object: object, previous?: Record<string, unknown>, request?: EmitRequest): Event {
    const data: Record<string, unknown> = { object: structuredClone(object) };
    if (previous) data.previous_attributes = previous;
    // One builder serves every event type, so the discriminated union is asserted here.
    const event = {
      id: newId("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: this.now(),
      data,
      livemode: false,
      pending_webhooks: 1,
      request: request ?? { id: null, idempotency_key: null },
      type,
    } as unknown as Event;
    this.data.events[event.id] = event;
    this.changed();
    this.onEvent(event);
    return event;
  }

  private index(rec: MeterEventRecord): void {
    this.byIdentifier.set(rec.identifier, rec);
    if (rec.meter && rec.customer) {
      const key = `${rec.meter}|${rec.customer}`;
      const list = this.byMeterCustomer.get(key);
      if (list) list.push(rec);
      else this.byMeterCustomer.set(key, [rec]);
    }
  }
}
