import type { DataversePreference, DotdigitalPreference } from "../domain/catalogue";

/** What changed in one catalogue entry, for the run summary. */
export type CatalogueChange = "renamed" | "moved" | "visibility" | "kind";

/**
 * One mps_marketingpreference write. Dotdigital is the master: new entries are created, changed ones
 * updated, removed ones deactivated (never deleted, so history stays readable) and reactivated when
 * they come back.
 */
export type CataloguePlanEntry =
  | { readonly kind: "create"; readonly entry: DotdigitalPreference }
  | { readonly kind: "update"; readonly rowId: string; readonly entry: DotdigitalPreference; readonly changes: readonly CatalogueChange[] }
  | { readonly kind: "reactivate"; readonly rowId: string; readonly entry: DotdigitalPreference; readonly changes: readonly CatalogueChange[] }
  | { readonly kind: "deactivate"; readonly rowId: string; readonly dotdigitalId: number };

function changesOf(dd: DotdigitalPreference, dv: DataversePreference): CatalogueChange[] {
  const changes: CatalogueChange[] = [];
  if (dd.privateName !== dv.privateName || dd.publicName !== dv.publicName) changes.push("renamed");
  if (dd.categoryId !== dv.categoryId || dd.order !== dv.order) changes.push("moved");
  if (dd.isPublic !== dv.isPublic) changes.push("visibility");
  if (dd.isPreference !== dv.isPreference) changes.push("kind");
  return changes;
}

/**
 * Mirrors one Email Account's Dotdigital catalogue into its Dataverse rows. Categories come before
 * preferences in the plan so a preference's parent lookup can always be resolved. Pure.
 */
export function reconcileCatalogue(dotdigital: readonly DotdigitalPreference[], dataverse: readonly DataversePreference[]): CataloguePlanEntry[] {
  const rows = new Map<number, DataversePreference>();
  for (const row of dataverse) {
    const seen = rows.get(row.dotdigitalId);
    // The alternate key makes duplicates impossible; if they exist anyway prefer the active row.
    if (seen === undefined || (!seen.active && row.active)) rows.set(row.dotdigitalId, row);
  }
  const plan: CataloguePlanEntry[] = [];
  const present = new Set<number>();
  const ordered = [...dotdigital].sort((a, b) => Number(a.isPreference) - Number(b.isPreference));
  for (const entry of ordered) {
    if (present.has(entry.id)) continue;
    present.add(entry.id);
    const row = rows.get(entry.id);
    if (row === undefined) {
      plan.push({ kind: "create", entry });
      continue;
    }
    const changes = changesOf(entry, row);
    if (!row.active) plan.push({ kind: "reactivate", rowId: row.rowId, entry, changes });
    else if (changes.length > 0) plan.push({ kind: "update", rowId: row.rowId, entry, changes });
  }
  for (const row of rows.values()) {
    if (row.active && !present.has(row.dotdigitalId)) plan.push({ kind: "deactivate", rowId: row.rowId, dotdigitalId: row.dotdigitalId });
  }
  return plan;
}

/** The leaf preferences a run syncs, in Dotdigital's order (category order, then preference order). */
export function activeLeafPreferences(dotdigital: readonly DotdigitalPreference[]): { id: number; categoryId: number }[] {
  const categoryOrder = new Map<number, number>(dotdigital.filter((e) => !e.isPreference).map((e) => [e.id, e.order]));
  const position = (e: DotdigitalPreference): number => (e.categoryId === 0 ? e.order : (categoryOrder.get(e.categoryId) ?? e.order));
  return dotdigital
    .filter((e) => e.isPreference)
    .sort((a, b) => position(a) - position(b) || (a.categoryId === b.categoryId ? a.order - b.order : a.categoryId - b.categoryId) || a.id - b.id)
    .map((e) => ({ id: e.id, categoryId: e.categoryId }));
}
