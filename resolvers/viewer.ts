import type { Resolvers } from '../src/generated/graphql.js';
import { roleOf } from '../src/domain/principal.js';

export const viewerResolvers: Resolvers = {
  Query: {
    viewer: (_root, _args, ctx) => ctx.principal,
  },
  Viewer: {
    role: (principal) => roleOf(principal),
    agency: (principal) => (principal.kind === 'user' ? principal.agency : null),
    subject: (principal) => (principal.kind === 'user' ? principal.subject : null),
  },
};
