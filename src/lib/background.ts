/**
 * Work a response does not wait for (an audit entry of a read, a cache refresh): handed to the runtime's
 * `waitUntil`, so it finishes after the answer has left. It starts on a later task, once the response is built,
 * so it neither delays the answer nor counts in the answer's `x-d1-round-trips`; a failure is logged, never shown.
 */
export type Background = (work: () => Promise<unknown>) => void;

export function background(executionCtx: { waitUntil(promise: Promise<unknown>): void }): Background {
  return (work) => {
    executionCtx.waitUntil(
      new Promise((resolve) => setTimeout(resolve, 0))
        .then(work)
        .catch((error) =>
          console.error(JSON.stringify({ level: "error", message: `background work failed: ${String(error)}`, stack: (error as Error)?.stack })),
        ),
    );
  };
}
