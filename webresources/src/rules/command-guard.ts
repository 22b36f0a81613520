import { format, type Strings } from "../strings";

export interface FormRecordState {
  /** The record id without braces; empty on a new form. */
  readonly id: string;
  /** XrmEnum.FormType: 1 = Create. */
  readonly formType: number;
  readonly isDirty: boolean;
}

const FORM_TYPE_CREATE = 1;

/**
 * Why a command that works on the saved Email Account cannot run yet, or null when it can.
 * The custom API and the dialog read the row from Dataverse, so unsaved edits would be ignored silently.
 */
export function unsavedReason(state: FormRecordState, action: string, strings: Strings): string | null {
  if (!state.id || state.formType === FORM_TYPE_CREATE) return format(strings.saveFirstNew, { action });
  if (state.isDirty) return format(strings.saveFirstDirty, { action });
  return null;
}
