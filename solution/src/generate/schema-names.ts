// Dataverse exports name the standard tables by schema name (Contact, Lead, Account, List); our own
// tables use their logical name as schema name, so one mapping covers both.
const STANDARD: Readonly<Record<string, string>> = { contact: "Contact", lead: "Lead", account: "Account", list: "List" };

export function schemaNameOf(logicalName: string): string {
  return STANDARD[logicalName] ?? logicalName;
}
