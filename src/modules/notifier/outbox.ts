// The development notifier: nothing leaves the machine. Messages are kept in memory (the last
// few hundred, newest last) where tests read them, and in development they are appended to a
// 0600 file under DATA_DIR so a developer can read a code. Never in the log: a code is a secret.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Notification, Notifier } from './notifier.ts';

const KEPT = 500;

export interface Outbox extends Notifier {
  readonly messages: readonly Notification[];
  /** The newest message to this address, if any. */
  latestTo(to: string): Notification | undefined;
}

export function createOutbox(options: { file?: string | undefined } = {}): Outbox {
  const messages: Notification[] = [];
  return {
    delivers: true,
    messages,
    async send(notification) {
      messages.push(notification);
      if (messages.length > KEPT) messages.splice(0, messages.length - KEPT);
      if (options.file) {
        mkdirSync(dirname(options.file), { recursive: true });
        appendFileSync(options.file, `${JSON.stringify({ at: new Date().toISOString(), ...notification })}\n`, {
          mode: 0o600,
        });
      }
    },
    latestTo(to) {
      return messages.findLast((message) => message.to === to);
    },
  };
}

/** Development only: DATA_DIR/outbox.jsonl; tests (NODE_ENV=test) and in-memory data keep none. */
export function outboxFile(config: { env: string; dataDir: string }): string | undefined {
  return config.env === 'development' && config.dataDir !== ':memory:' ? `${config.dataDir}/outbox.jsonl` : undefined;
}
