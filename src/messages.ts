/**
 * The product's whole vocabulary: every domain's dictionary in one catalog, read at the edge to put
 * codes into the request's language. Declaring `MessageCodes` here makes every code typed everywhere.
 */
import { accountMessages } from "./accounts/messages";
import { auditMessages } from "./audit/messages";
import { categoryMessages } from "./categories/messages";
import { commitmentMessages } from "./commitments/messages";
import { dashboardMessages } from "./dashboard/messages";
import { exportMessages } from "./exports/messages";
import { holidayMessages } from "./holidays/messages";
import { notificationMessages } from "./notifications/messages";
import { open311Messages } from "./open311/messages";
import { petitionMessages } from "./petitions/messages";
import { policyMessages } from "./policies/messages";
import { reportMessages } from "./reports/messages";
import { sessionMessages } from "./sessions/messages";
import { signInMessages } from "./signin/messages";
import { timeLimitMessages } from "./time-limits/messages";
import { unitMessages } from "./units/messages";
import { villageMessages } from "./villages/messages";
import { commonMessages } from "./web/messages";

export const catalog = {
  ...commonMessages,
  ...signInMessages,
  ...dashboardMessages,
  ...unitMessages,
  ...accountMessages,
  ...holidayMessages,
  ...timeLimitMessages,
  ...categoryMessages,
  ...petitionMessages,
  ...auditMessages,
  ...notificationMessages,
  ...exportMessages,
  ...policyMessages,
  ...reportMessages,
  ...villageMessages,
  ...sessionMessages,
  ...commitmentMessages,
  ...open311Messages,
};

type Catalog = typeof catalog;

declare module "./lib/problem" {
  interface MessageCodes extends Record<keyof Catalog, true> {}
}
