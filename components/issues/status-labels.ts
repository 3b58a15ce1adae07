import type { IssueStatus } from '@/generated/prisma/enums';

export const STATUS_LABELS: Record<IssueStatus, string> = { OPEN: 'Open', ACKNOWLEDGED: 'Acknowledged', CLOSED: 'Closed', ARCHIVED: 'Archived' };

export const KIND_LABELS = {
  COMMENT: 'Comment',
  ACKNOWLEDGMENT: 'Acknowledgment',
  CLOSING: 'Closing message',
  CANCEL: 'Cancel message',
  ACTIVITY: 'Update',
  SYSTEM: 'System note',
} as const;

export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}
