/** Response envelope and error shapes, as Azteca's SDK types them (`core/service-types.d.ts`). */
export const CoreResponseStatus = { Ok: 0, Error: 1, Unauthorized: 2, InvalidCredentials: 3 } as const;
export type CoreResponseStatusCode = (typeof CoreResponseStatus)[keyof typeof CoreResponseStatus];

export interface MessageItem {
  Code: number;
  Name: string;
  DisplayText: string;
  DebugDetails: string | null;
  MessageType: 0 | 1 | 2;
  Service: string;
  InnerMessage: MessageItem | null;
}

/** Error codes from the SDK's `ServiceRequestErrorCodes`, `AuthenticationErrorCodes` and `CommentErrorCodes`. */
export const ErrorCodes = {
  auth: { EmployeeNotFoundByLoginName: 2, InactiveUser: 3, InvalidCredentials: 4 },
  request: {
    InvalidRequestId: 2, NotAuthorizedToCreateRequest: 5, InvalidActivityMapLogicXY: 9, InvalidField: 30,
    ErrorStatusCantBeClosed: 31, ErrorStatusCantBeCanceled: 32, ErrorRequiredFields: 33, ErrorItemNotFound: 35,
  },
  comment: { MissingComments: 3, InvalidActivityId: 6, InvalidCommentId: 9, MissingActivitySids: 14 },
} as const;

/** A service refusing a call; the router turns it into an HTTP 200 envelope with this Status. */
export class CityworksServiceError extends Error {
  constructor(
    readonly status: CoreResponseStatusCode,
    readonly code: number,
    readonly codeName: string,
    readonly displayText: string,
    readonly service: string,
  ) {
    super(displayText);
    this.name = 'CityworksServiceError';
  }

  toMessageItem(): MessageItem {
    return {
      Code: this.code, Name: this.codeName, DisplayText: this.displayText, DebugDetails: null, MessageType: 2,
      Service: this.service, InnerMessage: null,
    };
  }
}

export const serviceError = (service: string, code: number, name: string, text: string): CityworksServiceError =>
  new CityworksServiceError(CoreResponseStatus.Error, code, name, text, service);

export const unauthorized = (service: string): CityworksServiceError =>
  new CityworksServiceError(CoreResponseStatus.Unauthorized, 1, 'Unauthorized', 'Invalid or expired token', service);

export interface EnvelopeOptions {
  /** 2013 and `Ams/Preferences/User` answer with only `{Status, Message, Value}`. */
  short: boolean;
  /** "Verified" services such as WorkOrder/Create add `WebServiceRequestId`. */
  verified?: boolean;
}

export function okEnvelope(value: unknown, opts: EnvelopeOptions): Record<string, unknown> {
  if (opts.short) return { Status: 0, Message: null, Value: value };
  return {
    ...(opts.verified ? { WebServiceRequestId: null } : {}),
    Value: value, Status: 0, Message: null, ErrorMessages: [], WarningMessages: [], SuccessMessages: [],
  };
}

export function errorEnvelope(err: CityworksServiceError, opts: EnvelopeOptions): Record<string, unknown> {
  const message = err.status === CoreResponseStatus.Unauthorized ? 'Unauthorized' : err.displayText;
  if (opts.short) return { Status: err.status, Message: message, Value: null };
  return {
    ...(opts.verified ? { WebServiceRequestId: null } : {}),
    Value: null, Status: err.status, Message: message, ErrorMessages: [err.toMessageItem()], WarningMessages: [], SuccessMessages: [],
  };
}
