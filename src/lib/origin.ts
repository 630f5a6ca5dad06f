/**
 * The origin of links that leave the app — printed notices, QR codes, calendar files, messages: the
 * configured `PUBLIC_ORIGIN` (the address residents know), else the origin the request came to.
 */
export function publicOrigin(env: { PUBLIC_ORIGIN?: string }, requestUrl: string): string {
  const configured: string = env.PUBLIC_ORIGIN ?? "";
  return configured ? configured.replace(/\/+$/, "") : new URL(requestUrl).origin;
}
