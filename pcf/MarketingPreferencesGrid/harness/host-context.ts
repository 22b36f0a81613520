// A PCF context as a model-driven form hands it to a dataset control, built from plain options. The
// members the grid uses are real implementations; every other member throws with its name, so a
// control that starts using something new fails loudly instead of reading `undefined`.
import { type IInputs } from "../MarketingPreferencesGrid/generated/ManifestTypes";
import { type HostDataSet } from "./host-dataset";

export const FormFactor = { unknown: 0, desktop: 1, tablet: 2, phone: 3 } as const;

export interface HostContextOptions {
  readonly dataset: HostDataSet;
  readonly webAPI: ComponentFramework.WebApi;
  /** Strings by resx key (parse the control's .resx with parseResx). */
  readonly strings: Readonly<Record<string, string>>;
  /** The record the form shows. */
  readonly record: { readonly entityTypeName: string; readonly entityId: string };
  readonly formFactor?: number;
  readonly allocatedWidth?: number;
  /** The form is read-only (inactive record, no access to the form). */
  readonly disabled?: boolean;
  /** Which privileges the user holds, by table and PrivilegeType; default: all. */
  readonly hasPrivilege?: (table: string, privilege: number) => boolean;
  readonly fluentDesignLanguage?: ComponentFramework.FluentDesignState;
}

export interface HostContext {
  readonly context: ComponentFramework.Context<IInputs>;
  /** Called whenever the control asks to be re-rendered (factory.requestRender). */
  onRequestRender(listener: () => void): void;
  /** Changes what the next updateView sees, as the platform does on resize or form state change. */
  update(changes: { allocatedWidth?: number; disabled?: boolean; formFactor?: number }): void;
}

/** Optional members of the PCF typings: absent means "the host does not offer it", not an error. */
const OPTIONAL = new Set(["fluentDesignLanguage", "copilot"]);

function strict<T extends object>(name: string, members: Partial<T>): T {
  return new Proxy(members as T, {
    get(target, prop, receiver) {
      if (typeof prop === "symbol" || prop in target) return Reflect.get(target, prop, receiver) as unknown;
      if (OPTIONAL.has(prop)) return undefined;
      // React and test tooling probe objects (then, toJSON, $$typeof…); only real PCF members should throw.
      if (prop === "then" || prop === "toJSON" || prop.startsWith("$$") || prop.startsWith("@@") || prop === "asymmetricMatch" || prop === "nodeType") return undefined;
      throw new Error(`The harness does not implement ${name}.${prop}; add it to harness/host-context.ts if the control needs it.`);
    },
  });
}

export function createHostContext(options: HostContextOptions): HostContext {
  const renderListeners = new Set<() => void>();
  const state = {
    allocatedWidth: options.allocatedWidth ?? 1024,
    disabled: options.disabled ?? false,
    formFactor: options.formFactor ?? FormFactor.desktop,
  };
  const mode = strict<ComponentFramework.Mode & { contextInfo: { entityId: string; entityTypeName: string; entityRecordName: string } }>("context.mode", {
    get allocatedWidth() {
      return state.allocatedWidth;
    },
    allocatedHeight: -1,
    get isControlDisabled() {
      return state.disabled;
    },
    isVisible: true,
    label: "Marketing Preferences",
    setControlState: () => true,
    setFullScreen: () => undefined,
    trackContainerResize: () => undefined,
    contextInfo: { entityId: options.record.entityId, entityTypeName: options.record.entityTypeName, entityRecordName: "" },
  });
  const context = strict<ComponentFramework.Context<IInputs>>("context", {
    parameters: { subscriptions: options.dataset },
    mode,
    webAPI: options.webAPI,
    updatedProperties: [],
    resources: strict<ComponentFramework.Resources>("context.resources", {
      getString: (key: string) => options.strings[key] ?? "",
      getResource: () => undefined,
    }),
    utils: strict<ComponentFramework.Utility>("context.utils", {
      hasEntityPrivilege: (table: string, privilege: number) => options.hasPrivilege?.(table, privilege) ?? true,
    }),
    factory: strict<ComponentFramework.Factory>("context.factory", {
      requestRender: () => {
        for (const l of renderListeners) l();
      },
    }),
    client: strict<ComponentFramework.Client>("context.client", {
      getFormFactor: () => state.formFactor,
      getClient: () => "Web",
      isOffline: () => false,
      disableScroll: false,
    }),
    ...(options.fluentDesignLanguage ? { fluentDesignLanguage: options.fluentDesignLanguage } : {}),
  });
  return {
    context,
    onRequestRender: (listener) => void renderListeners.add(listener),
    update: (changes) => Object.assign(state, changes),
  };
}

/** The strings of a .resx file by key (the `<data name><value>` pairs). */
export function parseResx(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  const decode = (s: string): string => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  for (const m of xml.matchAll(/<data\s+name="([^"]+)"[^>]*>\s*<value>([\s\S]*?)<\/value>/g)) {
    if (m[1] !== undefined && m[2] !== undefined) out[m[1]] = decode(m[2]);
  }
  return out;
}
