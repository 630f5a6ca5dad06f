/** The synthetic petitions of `npm run generate`, the bench and the 100k tests (see petition-rows.mjs). */
export const CHUNK: number;
export function petitionRowsSql(from: number, to: number, options?: { withDeadlineParameters?: boolean }): string;
export function petitionChunks(count: number, options?: { withDeadlineParameters?: boolean }): string[];
