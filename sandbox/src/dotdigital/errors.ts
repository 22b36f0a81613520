// Errors in the v2 shape: `{"message": "<text> ERROR_<TOKEN>"}`. Texts quoted from Dotdigital's own
// clients where known (dotmailer Magento extension), otherwise written to name the field and the fix.

export class DotdigitalApiError extends Error {
  readonly kind = "dotdigital-api-error";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  body(): { message: string } {
    return { message: this.message };
  }
}

export const messages = {
  unauthorized: "Authorization has been denied for this request.",
  wrongRegion: "Access is denied. This account belongs to another region: call the ApiEndpoint that account-info returns.",
  flatLimit: "Your account has generated excess API activity and is being temporarily capped. Please contact support. ERROR_APIUSAGE_EXCEEDED",
  invalidEmail: "Email is not a valid email address. ERROR_PARAMETER_INVALID",
  contactNotFound: "Error: ERROR_CONTACT_NOT_FOUND",
} as const;

export const errors = {
  parameter: (what: string) => new DotdigitalApiError(400, `${what} ERROR_PARAMETER_INVALID`),
  invalidEmail: () => new DotdigitalApiError(400, messages.invalidEmail),
  contactNotFound: () => new DotdigitalApiError(404, messages.contactNotFound),
  contactSuppressed: (status: string) =>
    new DotdigitalApiError(400, `The contact is suppressed (status ${status}); its preferences cannot be changed and it cannot be added back to the account. ERROR_CONTACT_SUPPRESSED`),
  preferenceNotFound: (id: number) => new DotdigitalApiError(404, `Preference or category ${id} does not exist in this account. ERROR_PREFERENCE_NOT_FOUND`),
  preferenceInvalid: (why: string) => new DotdigitalApiError(400, `${why} ERROR_PREFERENCE_INVALID`),
  contactInvalid: (why: string) => new DotdigitalApiError(400, `${why} ERROR_CONTACT_INVALID`),
  addressBookNotFound: () => new DotdigitalApiError(404, "Error: ERROR_ADDRESSBOOK_NOT_FOUND"),
  addressBookInvalid: (why: string) => new DotdigitalApiError(400, `${why} ERROR_ADDRESSBOOK_INVALID`),
  addressBookDuplicate: () => new DotdigitalApiError(400, "There is already an address book with that name. ERROR_ADDRESSBOOK_DUPLICATE"),
  resubscriptionInvalid: (why: string) => new DotdigitalApiError(400, `${why} ERROR_CONTACT_RESUBSCRIPTION_INVALID`),
  badJson: () => new DotdigitalApiError(400, "The request body is not valid JSON. ERROR_BODY_DOES_NOT_MATCH_CONTENT_TYPE"),
  contentType: () => new DotdigitalApiError(415, "Send the body as application/json. ERROR_CONTENT_TYPE_IS_NOT_SUPPORTED"),
  malformed: (why: string) => new DotdigitalApiError(400, `${why} ERROR_MALFORMED_REQUEST`),
  notFoundRoute: (url: string) => new DotdigitalApiError(404, `No HTTP resource was found that matches the request URI '${url}'.`),
  unknown: () => new DotdigitalApiError(500, "An unexpected error occurred. ERROR_UNKNOWN"),
};
