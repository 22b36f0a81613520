import type { conflictPolicyChoice, emailChangePolicyChoice } from "@mps/model";

/** mps_conflictpolicy label: how a preference changed on both sides since the base is settled. */
export type ConflictPolicyName = (typeof conflictPolicyChoice.labels)[number];
/** mps_emailchangepolicy label: what happens to a record's preferences when its email changes. */
export type EmailChangePolicyName = (typeof emailChangePolicyChoice.labels)[number];

/** An Email Account (one linked Dotdigital account): the unit a run works on. */
export interface EmailAccount {
  /** The mps_emailaccount row id. */
  readonly id: string;
  readonly conflictPolicy: ConflictPolicyName;
  readonly emailChangePolicy: EmailChangePolicyName;
}
