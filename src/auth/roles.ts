export const ROLES = ["admin", "supervisor", "commune_head", "commune_staff"] as const;
export type Role = (typeof ROLES)[number];

/** Officials who work inside one commune-level unit. */
export const COMMUNE_ROLES = ["commune_head", "commune_staff"] as const satisfies readonly Role[];
export const OFFICIAL_ROLES = ["admin", "supervisor", "commune_head", "commune_staff"] as const satisfies readonly Role[];
