/**
 * Errors for fields that still have data: a staff member's assignments when one of the two sector systems failed
 * (the other's assignments are returned, and the failing agency is named in an error at the field's path). graphql-js
 * only records an error by nulling the field, so these are collected per operation and added to the response by the
 * HTTP plugin and the graphql-ws handler.
 */
import { GraphQLError } from 'graphql';
import { pathToArray, type Path } from 'graphql/jsutils/Path.js';
import type { HubError } from './errors.js';

export class PartialErrors {
  private readonly errors: GraphQLError[] = [];

  add(error: HubError, path: Path): void {
    this.errors.push(new GraphQLError(error.message, { path: pathToArray(path), extensions: { ...error.extensions, partial: true }, originalError: error }));
  }

  /** What was collected so far; the list is emptied, so that a subscription's next message starts clean. */
  take(): GraphQLError[] {
    return this.errors.splice(0, this.errors.length);
  }
}
