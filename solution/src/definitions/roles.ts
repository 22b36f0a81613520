// Security roles of DESIGN §3 with least privileges. Levels: Basic = own rows, Global = organisation.
import {
  emailAccount,
  marketingPreference,
  preferenceChange,
  securityRoles,
  subscription,
  syncedRecord,
  syncRun,
  syncSchedule,
  type TableDef,
} from "@mps/model";
import { schemaNameOf } from "../generate/schema-names";
import { stableGuid } from "./ids";

export type Level = "Basic" | "Local" | "Deep" | "Global";
export type Access = "Create" | "Read" | "Write" | "Delete" | "Append" | "AppendTo" | "Assign" | "Share";

export interface RoleDef {
  readonly id: string;
  readonly name: string;
  readonly privileges: readonly { readonly name: string; readonly level: Level }[];
}

const grant = (table: TableDef | string, level: Level, ...access: Access[]): RoleDef["privileges"] =>
  access.map((a) => ({ name: `prv${a}${schemaNameOf(typeof table === "string" ? table : table.logicalName)}`, level }));

const ALL: Access[] = ["Create", "Read", "Write", "Delete", "Append", "AppendTo", "Assign", "Share"];

const role = (name: string, ...privileges: RoleDef["privileges"][]): RoleDef => ({ id: stableGuid(`role:${name}`), name, privileges: privileges.flat() });

export const roles: readonly RoleDef[] = [
  // Reads the catalogue, reads and edits the subscriptions shown on the Marketing Preferences tab.
  role(
    securityRoles.user,
    grant(marketingPreference, "Global", "Read", "AppendTo"),
    grant(emailAccount, "Global", "Read", "AppendTo"),
    grant(subscription, "Global", "Read", "Write", "Append"),
    grant(preferenceChange, "Global", "Read"),
  ),
  // Runs the integration: accounts, schedules, runs and the audit trail; activates marketing lists.
  role(
    securityRoles.admin,
    grant(emailAccount, "Global", ...ALL),
    grant(syncSchedule, "Global", ...ALL),
    grant(syncRun, "Global", "Read", "Delete", "AppendTo"),
    grant(marketingPreference, "Global", "Read", "Write", "AppendTo"),
    grant(subscription, "Global", "Read", "Write", "Append"),
    grant(syncedRecord, "Global", "Read"),
    grant(preferenceChange, "Global", "Read"),
    grant("list", "Global", "Read", "Write", "Append"),
  ),
  // The application user of the sync service: writes our tables, only reads the people and lists.
  role(
    securityRoles.service,
    grant(emailAccount, "Global", "Read", "Write", "AppendTo"),
    grant(syncSchedule, "Global", "Read", "Write", "Append", "AppendTo"),
    grant(syncRun, "Global", "Create", "Read", "Write", "Append", "AppendTo"),
    grant(marketingPreference, "Global", "Create", "Read", "Write", "Append", "AppendTo"),
    grant(subscription, "Global", "Create", "Read", "Write", "Append", "AppendTo"),
    grant(syncedRecord, "Global", "Create", "Read", "Write", "Append"),
    // Append-only consent trail: the service creates, never rewrites or deletes.
    grant(preferenceChange, "Global", "Create", "Read", "Append"),
    grant("contact", "Global", "Read", "AppendTo"),
    grant("lead", "Global", "Read", "AppendTo"),
    grant("account", "Global", "Read", "AppendTo"),
    grant("list", "Global", "Read", "AppendTo"),
  ),
];
