/**
 * Pull-based byte streams: the next piece is produced only when the reader asks for it, so a slow client slows
 * the producer down instead of letting output pile up in memory (constant memory for exports of any size).
 */

const encoder = new TextEncoder();

/** A ReadableStream of UTF-8 bytes from text pieces produced on demand; `cancel` reaches the source. */
export function textStream(source: AsyncIterable<string> | Iterable<string>): ReadableStream<Uint8Array> {
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source[Symbol.iterator]());
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // Skip empty pieces: an empty chunk would look like progress while sending nothing.
        for (;;) {
          const { value, done } = await iterator.next();
          if (done) {
            controller.close();
            return;
          }
          if (value.length > 0) {
            controller.enqueue(encoder.encode(value));
            return;
          }
        }
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    { highWaterMark: 1 },
  );
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return {
    next: async () => iterator.next(),
    return: async (value?: unknown) => iterator.return?.(value) ?? { done: true, value: undefined as T },
  };
}
