import { type QueueClient, QueueServiceClient } from '@azure/storage-queue';

/**
 * The only module that knows Azure Storage queues. Messages are JSON; the body is
 * base64 so any payload survives the XML transport.
 */
export interface QueueMessage<T> {
  messageId: string;
  popReceipt: string;
  dequeueCount: number;
  body: T;
}

export interface QueueAdapter {
  name: string;
  ensure(): Promise<void>;
  send(body: unknown, options?: { visibilityTimeoutSeconds?: number }): Promise<void>;
  receive<T>(options: { max: number; visibilityTimeoutSeconds: number }): Promise<QueueMessage<T>[]>;
  remove(message: { messageId: string; popReceipt: string }): Promise<void>;
  approximateDepth(): Promise<number>;
  ping(): Promise<void>;
}

export function openQueue(connectionString: string, name: string): QueueAdapter {
  const service = QueueServiceClient.fromConnectionString(connectionString);
  const queue: QueueClient = service.getQueueClient(name);
  return {
    name,
    async ensure() {
      await queue.createIfNotExists();
    },
    async send(body, options = {}) {
      const text = Buffer.from(JSON.stringify(body), 'utf8').toString('base64');
      await queue.sendMessage(text, { visibilityTimeout: options.visibilityTimeoutSeconds });
    },
    async receive<T>({ max, visibilityTimeoutSeconds }: { max: number; visibilityTimeoutSeconds: number }) {
      const response = await queue.receiveMessages({
        numberOfMessages: max,
        visibilityTimeout: visibilityTimeoutSeconds,
      });
      return response.receivedMessageItems.map((item) => ({
        messageId: item.messageId,
        popReceipt: item.popReceipt,
        dequeueCount: item.dequeueCount,
        body: JSON.parse(Buffer.from(item.messageText, 'base64').toString('utf8')) as T,
      }));
    },
    async remove({ messageId, popReceipt }) {
      await queue.deleteMessage(messageId, popReceipt);
    },
    async approximateDepth() {
      const properties = await queue.getProperties();
      return properties.approximateMessagesCount ?? 0;
    },
    async ping() {
      await service.getProperties();
    },
  };
}
