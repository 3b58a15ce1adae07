import { z } from 'zod';
import { deadLetterEditSchema } from './dead-letters';

/** Request bodies of the operations API, parsed by the route before any use case runs. */
export const deadLetterActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('retry') }),
  z.object({ action: z.literal('skip'), reason: z.string().trim().max(500).nullable().default(null) }),
  z.object({ action: z.literal('edit-and-retry'), edits: deadLetterEditSchema }),
]);

export const deadLettersBulkSchema = z.object({ action: z.literal('retry-all') });

export const pauseSchema = z.object({ paused: z.boolean() });
