/** All resolvers, one module per domain; merged by @graphql-tools/schema. */
import type { Resolvers } from '../src/generated/graphql.js';
import { auditResolvers } from './audit.js';
import { catalogResolvers } from './catalog.js';
import { complaintsResolvers } from './complaints.js';
import { performanceResolvers } from './performance.js';
import { queueResolvers } from './queue.js';
import { DateScalar, DateTime } from './scalars.js';
import { sourcesResolvers } from './sources.js';
import { staffResolvers } from './staff.js';
import { surveysResolvers } from './surveys.js';
import { viewerResolvers } from './viewer.js';

export const resolvers: Resolvers[] = [
  { DateTime, Date: DateScalar },
  viewerResolvers,
  catalogResolvers,
  queueResolvers,
  sourcesResolvers,
  staffResolvers,
  surveysResolvers,
  complaintsResolvers,
  auditResolvers,
  performanceResolvers,
];
