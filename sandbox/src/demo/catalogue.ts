import { type DotdigitalAccountHandle } from "../dotdigital";
import { EXTRA_CATEGORY_NAMES, EXTRA_PREFERENCE_TOPICS } from "./names";
import { type Random } from "./random";

/** A leaf preference of the base catalogue, by a stable key tests and the README can name. */
export type BasePreferenceKey =
  | "weeklyDigest"
  | "productUpdates"
  | "industryInsights"
  | "webinars"
  | "inPerson"
  | "partnerBriefings"
  | "specialOffers"
  | "partnerOffers"
  | "betaTesters"
  | "surveys"
  | "vipProgramme";
export type BaseCategoryKey = "newsletters" | "events" | "offers" | "internal";

interface LeafSpec {
  readonly key: BasePreferenceKey;
  readonly publicName: string;
  /** What Dotdigital users see when it differs from the public name. */
  readonly privateName?: string;
  readonly isPublic: boolean;
}
interface CategorySpec {
  readonly key: BaseCategoryKey;
  readonly publicName: string;
  readonly privateName?: string;
  readonly isPublic: boolean;
  readonly preferences: readonly LeafSpec[];
}

/** The catalogue every demo account starts with: categories and stand-alone preferences, public and private. */
export const BASE_CATALOGUE: { readonly categories: readonly CategorySpec[]; readonly standAlone: readonly LeafSpec[] } = {
  categories: [
    {
      key: "newsletters",
      publicName: "Newsletters",
      isPublic: true,
      preferences: [
        { key: "weeklyDigest", publicName: "Weekly digest", isPublic: true },
        { key: "productUpdates", publicName: "Product updates", isPublic: true },
        { key: "industryInsights", publicName: "Industry insights", privateName: "Thought leadership", isPublic: true },
      ],
    },
    {
      key: "events",
      publicName: "Events",
      isPublic: true,
      preferences: [
        { key: "webinars", publicName: "Webinars", isPublic: true },
        { key: "inPerson", publicName: "In-person events", isPublic: true },
        { key: "partnerBriefings", publicName: "Partner briefings", isPublic: false },
      ],
    },
    {
      key: "offers",
      publicName: "Offers",
      isPublic: true,
      preferences: [
        { key: "specialOffers", publicName: "Special offers", isPublic: true },
        { key: "partnerOffers", publicName: "Partner offers", privateName: "Third-party offers", isPublic: true },
      ],
    },
    { key: "internal", publicName: "Customer programmes", privateName: "Internal", isPublic: false, preferences: [{ key: "betaTesters", publicName: "Beta testers", isPublic: false }] },
  ],
  standAlone: [
    { key: "surveys", publicName: "Surveys", isPublic: true },
    { key: "vipProgramme", publicName: "VIP programme", isPublic: false },
  ],
};

export const BASE_CATEGORY_COUNT = BASE_CATALOGUE.categories.length;
export const BASE_PREFERENCE_COUNT = BASE_CATALOGUE.categories.reduce((n, c) => n + c.preferences.length, 0) + BASE_CATALOGUE.standAlone.length;

/** One leaf preference as seeded: what the generator needs to write opt-ins. */
export interface SeededPreference {
  readonly id: number;
  readonly name: string;
  readonly isPublic: boolean;
  /** The category's Dotdigital id; 0 for a stand-alone preference. */
  readonly categoryId: number;
}

export interface SeededCatalogue {
  /** The base catalogue's leaf preferences by key (Dotdigital ids). */
  readonly preferences: Readonly<Record<BasePreferenceKey, number>>;
  readonly categories: Readonly<Record<BaseCategoryKey, number>>;
  /** Every leaf preference, base and extra, in catalogue order. */
  readonly leaves: readonly SeededPreference[];
  readonly categoryCount: number;
}

/**
 * Writes the catalogue into one Dotdigital account: the base catalogue, then generated categories and
 * preferences until the account has `categories` categories and `preferences` leaf preferences.
 */
export function seedCatalogue(dd: DotdigitalAccountHandle, sizes: { categories: number; preferences: number }, random: Random, at: Date): SeededCatalogue {
  const preferences = {} as Record<BasePreferenceKey, number>;
  const categories = {} as Record<BaseCategoryKey, number>;
  const leaves: SeededPreference[] = [];
  let order = 0;
  const addLeaf = (spec: { publicName: string; privateName?: string; isPublic: boolean }, categoryId: number): number => {
    const id = dd.addPreference({ publicName: spec.publicName, ...(spec.privateName === undefined ? {} : { privateName: spec.privateName }), isPublic: spec.isPublic, order: order++, at, ...(categoryId === 0 ? {} : { categoryId }) });
    leaves.push({ id, name: spec.privateName ?? spec.publicName, isPublic: spec.isPublic, categoryId });
    return id;
  };
  for (const category of BASE_CATALOGUE.categories) {
    const id = dd.addCategory({ publicName: category.publicName, ...(category.privateName === undefined ? {} : { privateName: category.privateName }), isPublic: category.isPublic, order: order++, at });
    categories[category.key] = id;
    for (const leaf of category.preferences) preferences[leaf.key] = addLeaf(leaf, id);
  }
  for (const leaf of BASE_CATALOGUE.standAlone) preferences[leaf.key] = addLeaf(leaf, 0);

  // Extra categories first, so the extra preferences can be spread over them.
  const extraCategories: number[] = [];
  for (let i = 0; i < sizes.categories - BASE_CATEGORY_COUNT; i++) {
    const base = EXTRA_CATEGORY_NAMES[i % EXTRA_CATEGORY_NAMES.length] ?? "Topics";
    const round = Math.floor(i / EXTRA_CATEGORY_NAMES.length);
    extraCategories.push(dd.addCategory({ publicName: round === 0 ? base : `${base} ${round + 1}`, isPublic: true, order: order++, at }));
  }
  for (let i = 0; i < sizes.preferences - BASE_PREFERENCE_COUNT; i++) {
    // With no extra categories, extra preferences join Newsletters: a long list in one category is what R11 is about.
    const categoryId = extraCategories.length > 0 ? (extraCategories[i % extraCategories.length] ?? 0) : categories.newsletters;
    const topic = EXTRA_PREFERENCE_TOPICS[i % EXTRA_PREFERENCE_TOPICS.length] ?? "Topic";
    const round = Math.floor(i / EXTRA_PREFERENCE_TOPICS.length);
    addLeaf({ publicName: round === 0 ? topic : `${topic} ${round + 1}`, isPublic: random.chance(0.8) }, categoryId);
  }
  return { preferences, categories, leaves, categoryCount: BASE_CATEGORY_COUNT + extraCategories.length };
}
