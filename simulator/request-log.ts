/**
 * The in-memory log of API requests, for tests that assert what a client sent and how often.
 * Entries are built from the method, path, query and parsed body only: the Authorization
 * header never reaches this module.
 */
import type { RequestLogEntry } from "./types";

/** An append-only list of request entries that tests can read and clear. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  /** Appends one entry. */
  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  /** A deep copy of the entries, oldest first. */
  list(): RequestLogEntry[] {
    return structuredClone(this.entries);
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries = [];
  }
}
