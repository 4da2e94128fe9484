/**
 * Every exchange a run sent, from every suite, by id: a finding cites exchange ids, and the report builder
 * resolves each cited id here so that report.json holds every exchange any finding points at.
 */
import type { Exchange } from "../http/exchange.ts";

export class ExchangeStore {
  readonly #byId = new Map<string, Exchange>();

  add(exchange: Exchange): void {
    this.#byId.set(exchange.id, exchange);
  }

  get(id: string): Exchange | undefined {
    return this.#byId.get(id);
  }

  get size(): number {
    return this.#byId.size;
  }
}
