import { type Sandbox } from "./start-sandbox";

/** What a person needs to point the sync service, curl or a browser at the sandbox. */
export function describeSandbox(sandbox: Sandbox): string {
  const lines = [
    "Sandbox is running (sandbox-only demo credentials; nothing here reaches a real system).",
    "",
    `Dataverse Web API   ${sandbox.urls.dataverseApi}`,
    `  org URL           ${sandbox.urls.dataverse}   (MPS_DATAVERSE_URL)`,
    `  bearer token      ${sandbox.dataverse.accessToken}`,
    `Dotdigital API      ${sandbox.urls.dotdigital}   (accounts under /r1/, /r2/, /r3/)`,
  ];
  const demo = sandbox.demo;
  if (demo === undefined) {
    lines.push("", "No demo data (--seed none): both stand-ins are empty.");
  } else {
    lines.push("", "Email Accounts (Dotdigital API user / password → the service's secret variable):");
    for (const a of Object.values(demo.accounts)) {
      lines.push(`  ${a.name}: ${a.apiUser} / ${a.password}  region ${a.region}  ${a.apiEndpoint}  ${a.conflictPolicy}  → ${a.secretVariable}`);
    }
    const c = demo.counts;
    lines.push(
      "",
      `Demo data (seed ${demo.seed}): ${c.contacts} Contacts, ${c.leads} Leads, ${c.accounts} Accounts, ${c.lists} marketing lists, ${c.listMembers} list members;`,
      `  Dotdigital contacts: ${Object.values(demo.accounts)
        .map((a) => `${a.key} ${a.counts.contacts} (${a.counts.suppressed} suppressed, ${a.counts.optIns} opt-ins)`)
        .join(", ")}.`,
      "  No Marketing Preference or Subscription rows yet: the first sync creates them.",
      "Named people:",
      `  mixed preferences   ${demo.people.mixed.name} <${demo.people.mixed.email}>  contact ${demo.people.mixed.contactId}`,
      `  ' and + in email    ${demo.people.quoted.name} <${demo.people.quoted.email}>`,
      `  suppressed          ${demo.people.suppressed.name} <${demo.people.suppressed.email}> (${demo.people.suppressed.reason})`,
      `  shared email        ${demo.people.sharedEmail.name} <${demo.people.sharedEmail.email}> (a Contact and a Lead)`,
    );
  }
  lines.push("", "Sync service settings:");
  for (const [name, value] of Object.entries(sandbox.env)) lines.push(`  ${name}=${value}`);
  lines.push("", `Test controls: ${sandbox.urls.dataverse}/_sandbox/{clock,stats,faults} and ${sandbox.urls.dotdigital}/_sandbox/{clock,stats,faults}`, "Stop with Ctrl+C (SIGINT) or SIGTERM.");
  return lines.join("\n");
}
