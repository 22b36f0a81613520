// The one place tests get a PCF context, a dataset and a running control from: typed fakes built on
// the harness (the same host the browser page uses), with the control's real strings.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
import { MarketingPreferencesGrid } from "../MarketingPreferencesGrid";
import { createInMemoryHost, type InMemoryHost, type InMemoryHostOptions, mountControl, type MountedControl, parseResx, type Renderer } from "../harness";

/** The control's English strings, read from its .resx as the platform would. */
export const STRINGS: Readonly<Record<string, string>> = parseResx(readFileSync(join(__dirname, "../MarketingPreferencesGrid/strings/MarketingPreferencesGrid.1033.resx"), "utf8"));

export type FakeHostOptions = Omit<InMemoryHostOptions, "strings"> & { readonly strings?: Readonly<Record<string, string>> };

/** A form context and subgrid dataset over an in-memory store, without a control. */
export function createFakeHost(options: FakeHostOptions): InMemoryHost {
  return createInMemoryHost({ ...options, strings: options.strings ?? STRINGS });
}

const actRenderer: Renderer = {
  render: (element, container) => {
    act(() => {
      ReactDOM.render(element, container);
    });
  },
  unmount: (container) => {
    act(() => {
      ReactDOM.unmountComponentAtNode(container);
    });
  },
};

export interface RunningControl extends InMemoryHost {
  readonly container: HTMLElement;
  readonly mounted: MountedControl;
  /** Lets queued store answers and the re-renders they cause run. */
  settle(): Promise<void>;
  /** Runs a user action whose effects finish asynchronously (a Save) inside act, then settles. */
  act(action: () => Promise<unknown>): Promise<void>;
  unmount(): void;
}

/** Runs the real control (init, updateView on every change) in a container attached to document.body. */
export async function runControl(options: FakeHostOptions): Promise<RunningControl> {
  const host = createFakeHost(options);
  const container = document.createElement("div");
  document.body.appendChild(container);
  const mounted = mountControl(MarketingPreferencesGrid, host, host.dataset, container, actRenderer);
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) {
      await act(async () => {
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
      });
    }
  };
  await settle();
  return {
    ...host,
    container,
    mounted,
    settle,
    act: async (action) => {
      await act(async () => {
        await action();
      });
      await settle();
    },
    unmount: () => {
      mounted.destroy();
      container.remove();
    },
  };
}
