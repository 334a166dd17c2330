/**
 * The demo history's customers (lib/demo/simulate-history.ts): a pool of synthetic contacts (`sim-contact-N`, an
 * Indonesian name and phone number, a home channel) sized so most customers come back now and then.
 */
import type { Rng } from "./history-rng";
import { FIRST_NAMES, LAST_NAMES } from "./history-texts";

export type Contact = {
  id: string;
  name: string;
  phone: string;
  /** index of the channel the contact usually writes on */
  homeChannel: number;
  /**
   * epoch ms until which the contact starts no new primary conversation: while a reopen window or a scheduled
   * follow-up of theirs is pending, so the only reopens are the intended ones
   */
  blockedUntil: number;
};

/** A synthetic phone number in Indonesia (+628…). */
export function simulatedPhone(rng: Rng): string {
  return `+628${rng.int(11, 99)}${String(rng.int(0, 99_999_999)).padStart(8, "0")}`;
}

export class ContactPool {
  private readonly contacts: Contact[] = [];
  /**
   * @param size contacts created up front (more are added when every draw is blocked)
   * @param channelWeights relative volume per channel, for each contact's home channel
   */
  constructor(
    private readonly rng: Rng,
    private readonly channelWeights: number[],
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.add();
  }

  private add(): Contact {
    const first = this.rng.pick(FIRST_NAMES);
    const c: Contact = {
      id: `sim-contact-${this.contacts.length + 1}`,
      name: `${first} ${this.rng.pick(LAST_NAMES)}`,
      phone: simulatedPhone(this.rng),
      homeChannel: this.rng.weighted(this.channelWeights),
      blockedUntil: 0,
    };
    this.contacts.push(c);
    return c;
  }

  /** A contact free to start a conversation at `at` (epoch ms): up to 8 random draws from the pool, else a new contact. */
  pick(at: number): Contact {
    for (let attempt = 0; attempt < 8; attempt++) {
      const c = this.rng.pick(this.contacts);
      if (c.blockedUntil < at) return c;
    }
    return this.add();
  }
}
