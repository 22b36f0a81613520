import type { DataversePreference, DotdigitalPreference } from "../domain/catalogue";
import { activeLeafPreferences, reconcileCatalogue } from "./catalogue";

const dd = (id: number, extra: Partial<DotdigitalPreference> = {}): DotdigitalPreference => ({
  id,
  privateName: `pref ${id}`,
  publicName: `Pref ${id}`,
  isPreference: true,
  isPublic: true,
  order: id,
  categoryId: 0,
  ...extra,
});
const row = (id: number, extra: Partial<DataversePreference> = {}): DataversePreference => ({
  rowId: `row-${id}`,
  dotdigitalId: id,
  privateName: `pref ${id}`,
  publicName: `Pref ${id}`,
  isPreference: true,
  isPublic: true,
  order: id,
  categoryId: 0,
  active: true,
  ...extra,
});

describe("reconcileCatalogue: Dotdigital is the master of the catalogue", () => {
  it.each([
    ["an unchanged catalogue → nothing to write", [dd(1)], [row(1)], []],
    ["a new preference in Dotdigital → created", [dd(1), dd(2)], [row(1)], [{ kind: "create", entry: dd(2) }]],
    ["a renamed preference → updated as renamed", [dd(1, { publicName: "News" })], [row(1)], [{ kind: "update", rowId: "row-1", entry: dd(1, { publicName: "News" }), changes: ["renamed"] }]],
    [
      "a preference moved to another category → updated as moved",
      [dd(9, { isPreference: false }), dd(1, { categoryId: 9 })],
      [row(9, { isPreference: false }), row(1)],
      [{ kind: "update", rowId: "row-1", entry: dd(1, { categoryId: 9 }), changes: ["moved"] }],
    ],
    ["a reordered preference → updated as moved", [dd(1, { order: 5 })], [row(1)], [{ kind: "update", rowId: "row-1", entry: dd(1, { order: 5 }), changes: ["moved"] }]],
    ["a preference made private → updated", [dd(1, { isPublic: false })], [row(1)], [{ kind: "update", rowId: "row-1", entry: dd(1, { isPublic: false }), changes: ["visibility"] }]],
    ["a preference removed in Dotdigital → deactivated, never deleted", [], [row(1)], [{ kind: "deactivate", rowId: "row-1", dotdigitalId: 1 }]],
    ["an already deactivated preference stays as it is", [], [row(1, { active: false })], []],
    ["a removed preference that comes back → reactivated", [dd(1)], [row(1, { active: false })], [{ kind: "reactivate", rowId: "row-1", entry: dd(1), changes: [] }]],
  ] as const)("%s", (_name, dotdigital, dataverse, expected) => {
    expect(reconcileCatalogue(dotdigital, dataverse)).toEqual(expected);
  });

  it("creates categories before their preferences, so the parent lookup always resolves", () => {
    const plan = reconcileCatalogue([dd(2, { categoryId: 9 }), dd(9, { isPreference: false })], []);
    expect(plan.map((e) => (e.kind === "create" ? e.entry.id : null))).toEqual([9, 2]);
  });

  it("lists the leaf preferences a run syncs in Dotdigital's order, with their categories", () => {
    const catalogue = [dd(5, { isPreference: false, order: 1 }), dd(6, { categoryId: 5, order: 2 }), dd(7, { categoryId: 5, order: 1 }), dd(1, { order: 0 })];
    expect(activeLeafPreferences(catalogue)).toEqual([
      { id: 1, categoryId: 0 },
      { id: 7, categoryId: 5 },
      { id: 6, categoryId: 5 },
    ]);
  });
});
