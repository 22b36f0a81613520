import { marketingPreference } from "@mps/model";
import type { DataversePreference, DotdigitalPreference } from "../domain/catalogue";
import type { WriteOp } from "../connectors/dataverse/client";
import { writes, type DataverseStore } from "../connectors/dataverse/store";
import type { PreferenceCatalogue } from "../connectors/dotdigital";
import { reconcileCatalogue } from "../reconcile/catalogue";

export interface CatalogueIndex {
  readonly rowIdByDotdigitalId: ReadonlyMap<number, string>;
  readonly nameByDotdigitalId: ReadonlyMap<number, string>;
}

/** Flattens Dotdigital's catalogue into the entries reconcileCatalogue compares. */
function flatten(catalogue: PreferenceCatalogue): DotdigitalPreference[] {
  return [
    ...catalogue.categories.map((c) => ({ id: c.id, privateName: c.privateName, publicName: c.publicName, isPreference: false, isPublic: c.isPublic, order: c.order, categoryId: 0 })),
    ...catalogue.preferences.map((p) => ({ id: p.id, privateName: p.privateName, publicName: p.publicName, isPreference: true, isPublic: p.isPublic, order: p.order, categoryId: p.categoryId ?? 0 })),
  ];
}

/** Mirrors the catalogue (Dotdigital is master) and returns the Dataverse row of each Dotdigital id. */
export async function syncCatalogue(accountId: string, catalogue: PreferenceCatalogue, dryRun: boolean, store: DataverseStore, problems: string[], notes: string[]): Promise<CatalogueIndex> {
  const read = async () => {
    const rows = await store.catalogue(accountId);
    const ddIdByRow = new Map(rows.map((r) => [r.mps_marketingpreferenceid, r.mps_dotdigitalid]));
    const dv: DataversePreference[] = rows.map((r) => ({
      rowId: r.mps_marketingpreferenceid,
      dotdigitalId: r.mps_dotdigitalid,
      privateName: r.mps_name,
      publicName: r.mps_publicname,
      isPreference: r.mps_ispreference,
      isPublic: r.mps_ispublic,
      order: r.mps_order,
      categoryId: r._mps_parentcategoryid_value === null ? 0 : (ddIdByRow.get(r._mps_parentcategoryid_value) ?? 0),
      active: r.statecode === 0,
    }));
    return { rows, dv };
  };
  let { rows, dv } = await read();
  const plan = reconcileCatalogue(flatten(catalogue), dv);
  if (plan.length > 0) notes.push(`Catalogue: ${plan.length} change(s) from Dotdigital`);
  if (plan.length > 0 && !dryRun) {
    // Categories first, so a new preference can point at its new category.
    for (const categoriesPass of [true, false]) {
      const rowIdOf = new Map(rows.map((r) => [r.mps_dotdigitalid, r.mps_marketingpreferenceid]));
      const ops: WriteOp[] = [];
      for (const entry of plan) {
        if (entry.kind === "deactivate") {
          if (categoriesPass) ops.push(writes.updatePreference(entry.rowId, { statecode: 1, statuscode: 2 }));
          continue;
        }
        if (entry.entry.isPreference === categoriesPass) continue;
        const e = entry.entry;
        const parent = e.categoryId === 0 ? undefined : rowIdOf.get(e.categoryId);
        const data: Record<string, unknown> = {
          mps_name: e.privateName,
          mps_publicname: e.publicName,
          mps_ispreference: e.isPreference,
          mps_ispublic: e.isPublic,
          mps_order: e.order,
          ...(parent !== undefined ? writes.bind("mps_parentcategoryid", marketingPreference.entitySetName, parent) : {}),
        };
        if (entry.kind === "create") ops.push({ kind: "create", entitySet: marketingPreference.entitySetName, data: { ...data, mps_dotdigitalid: e.id, ...writes.bindAccount(accountId) } });
        else ops.push(writes.updatePreference(entry.rowId, { ...data, ...(entry.kind === "reactivate" ? { statecode: 0, statuscode: 1 } : {}) }));
      }
      for (const r of await store.write(ops)) if (!r.ok) problems.push(`Catalogue: ${r.error.message}`);
      ({ rows, dv } = await read());
    }
  }
  return {
    rowIdByDotdigitalId: new Map(rows.filter((r) => r.statecode === 0).map((r) => [r.mps_dotdigitalid, r.mps_marketingpreferenceid])),
    nameByDotdigitalId: new Map(rows.map((r) => [r.mps_dotdigitalid, r.mps_publicname || r.mps_name])),
  };
}
