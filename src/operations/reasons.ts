/**
 * `extensions.reason` of the refusals that operations meet before they run: always with `extensions.code`
 * BAD_USER_INPUT (or RATE_LIMITED), the reason says which rule refused. Apollo's request codes keep Apollo's names, so
 * that clients (Apollo Client's persisted-query link among them) recognise them.
 */
import { ApolloServerErrorCode } from '@apollo/server/errors';

export const RefusalReason = {
  /** Depth, cost, aliases, directives or tokens over their limit; `extensions.limit` and `max` say which. */
  OperationLimit: 'OPERATION_LIMIT',
  /** PERSISTED_OPERATIONS=require and the operation is not under examples/. */
  NotPersisted: 'OPERATION_NOT_PERSISTED',
  /** A batched HTTP request while batching is off, empty, or over GRAPHQL_MAX_BATCH_SIZE. */
  BatchLimit: 'BATCH_LIMIT',
  /** A subscription sent over HTTP; subscriptions run over graphql-ws. */
  SubscriptionOverHttp: 'SUBSCRIPTION_OVER_HTTP',
  /** The request is not a GraphQL request (query not a string, variables not an object, ...). */
  BadRequest: ApolloServerErrorCode.BAD_REQUEST,
  ParseFailed: ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ValidationFailed: ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  OperationResolutionFailure: ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  PersistedQueryNotFound: ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  PersistedQueryNotSupported: ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];
