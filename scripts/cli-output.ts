import os from 'node:os';
import { ZodError } from 'zod';
import { HttpError } from '../lib/http/errors';

/** The audit log's "who" for a command run on the server: the operating-system account. */
export function commandLineActor(): { userId: null; email: string } {
  let who = 'unknown';
  try {
    who = os.userInfo().username;
  } catch {
    /* no passwd entry (some containers) */
  }
  return { userId: null, email: `command line (${who}@${os.hostname()})` };
}

/** A clear line per problem on stderr, exit status 1; anything unexpected is shown whole. */
export function failWith(err: unknown): never {
  if (err instanceof ZodError) {
    for (const issue of err.issues) console.error(`error: ${issue.path.join('.') || 'input'}: ${issue.message}`);
  } else if (err instanceof HttpError) {
    console.error(`error: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
}
