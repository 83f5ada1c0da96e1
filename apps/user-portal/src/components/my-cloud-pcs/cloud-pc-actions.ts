/** What a card can ask for; the page wires each to the API. Every one rejects with an Error to show. */
export interface CloudPcActions {
  open(id: string): Promise<void>;
  restart(id: string): Promise<void>;
  rename(id: string, displayName: string): Promise<void>;
  troubleshoot(id: string): Promise<void>;
  restore(id: string, snapshotId: string): Promise<void>;
  loadRestorePoints(id: string): Promise<{ id: string; createdDateTime: string; snapshotType: string }[]>;
  downloadRdp(id: string): Promise<void>;
}

/** An error's words for the reader, with the request id when the API gave one. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const requestId = (error as { requestId?: unknown }).requestId;
    return typeof requestId === 'string' ? `${error.message} (Request ID: ${requestId})` : error.message;
  }
  return 'Something went wrong. Try again.';
}
