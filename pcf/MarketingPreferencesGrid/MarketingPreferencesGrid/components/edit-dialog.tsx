import * as React from "react";
import { ChoiceGroup, DefaultButton, Dialog, DialogFooter, DialogType, type IChoiceGroupOption, PrimaryButton, Spinner, SpinnerSize, Text } from "@fluentui/react";
import { format, type Strings } from "../strings";

export interface EditDialogProps {
  readonly open: boolean;
  /** How many subscriptions the Save will write. */
  readonly count: number;
  /** The Status all selected rows share, or null when they differ. */
  readonly initial: boolean | null;
  readonly saving: boolean;
  readonly strings: Strings;
  readonly onSave: (optedIn: boolean) => void;
  readonly onDismiss: () => void;
}

const ignore = (): void => undefined;
const YES = "yes";
const NO = "no";

/** The "Marketing Preference Subscription" screen of the reference: Status Yes / No, Save. */
export const EditDialog = React.memo(function EditDialog(props: EditDialogProps): React.ReactElement {
  const { open, count, initial, saving, strings, onSave, onDismiss } = props;
  const [choice, setChoice] = React.useState<string | undefined>(undefined);
  React.useEffect(() => {
    if (open) setChoice(initial === null ? undefined : initial ? YES : NO);
  }, [open, initial]);
  const options = React.useMemo<IChoiceGroupOption[]>(() => [
    { key: YES, text: strings.Dialog_Yes },
    { key: NO, text: strings.Dialog_No },
  ], [strings]);
  const save = React.useCallback(() => {
    if (choice !== undefined) onSave(choice === YES);
  }, [choice, onSave]);
  return (
    <Dialog
      hidden={!open}
      onDismiss={saving ? ignore : onDismiss}
      dialogContentProps={{ type: DialogType.normal, title: strings.Dialog_Title, subText: format(strings.Dialog_Selected, count) }}
      modalProps={{ isBlocking: true }}
    >
      <ChoiceGroup
        label={strings.Dialog_Status}
        options={options}
        selectedKey={choice ?? null}
        onChange={(_e, option) => setChoice(option?.key)}
        disabled={saving}
        required
      />
      <Text block variant="small" styles={{ root: { marginTop: 12 } }}>
        {strings.Dialog_Hint}
      </Text>
      <DialogFooter>
        {saving ? <Spinner size={SpinnerSize.small} label={strings.Dialog_Saving} labelPosition="right" ariaLive="polite" /> : null}
        <PrimaryButton text={strings.Dialog_Save} onClick={save} disabled={saving || choice === undefined} />
        <DefaultButton text={strings.Dialog_Cancel} onClick={onDismiss} disabled={saving} />
      </DialogFooter>
    </Dialog>
  );
});
