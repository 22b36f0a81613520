// Runs a control the way the platform does: init once, updateView whenever the dataset loads or the
// control asks for a render, destroy at the end. Rendering is handed in, so the same loop drives
// ReactDOM in the browser page and act()-wrapped rendering in jest.
import type * as React from "react";
import { type IInputs, type IOutputs } from "../MarketingPreferencesGrid/generated/ManifestTypes";
import { type HostContext } from "./host-context";
import { type HostDataSet } from "./host-dataset";

export interface Renderer {
  render(element: React.ReactElement, container: Element): void;
  unmount(container: Element): void;
}

export interface MountedControl {
  /** Runs updateView and renders its element now (what the platform does after a change). */
  rerender(): void;
  destroy(): void;
}

export type ControlConstructor = new () => ComponentFramework.ReactControl<IInputs, IOutputs>;

export function mountControl(Control: ControlConstructor, host: HostContext, dataset: HostDataSet, container: Element, renderer: Renderer): MountedControl {
  const control = new Control();
  let alive = true;
  const rerender = (): void => {
    if (alive) renderer.render(control.updateView(host.context), container);
  };
  host.onRequestRender(rerender);
  const stop = dataset.onChange(rerender);
  control.init(host.context, () => undefined, {});
  // The platform loads the dataset before the first updateView unless init already asked for a refresh.
  if (dataset.refreshCount === 0) dataset.refresh();
  rerender();
  return {
    rerender,
    destroy: () => {
      alive = false;
      stop();
      control.destroy();
      renderer.unmount(container);
    },
  };
}
