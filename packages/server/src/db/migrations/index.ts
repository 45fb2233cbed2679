import type { Migration } from 'kysely';
import type { DialectName } from '../database.ts';
import { foundation } from './0001_foundation.ts';
import { rentLedger } from './0002_rent_ledger.ts';
import { rentFollowup } from './0003_rent_followup.ts';
import { researchExports } from './0004_research_exports.ts';
import { rentMonthStatuses } from './0005_rent_month_statuses.ts';
import { evictionPrevention } from './0006_eviction_prevention.ts';
import { housingFirst } from './0007_housing_first.ts';
import { auditChain } from './0008_audit_chain.ts';
import { logReviews } from './0009_log_reviews.ts';
import { twoFactor } from './0010_two_factor.ts';
import { singleSignOn } from './0011_single_sign_on.ts';
import { residentSurveys } from './0016_resident_surveys.ts';
import { rowVersions } from './0013_row_versions.ts';
import { competence } from './0014_competence.ts';
import { occupation } from './0015_occupation.ts';
import { culling } from './0017_culling.ts';
import { auditLinking } from './0018_audit_linking.ts';
import { moreRowVersions } from './0019_more_row_versions.ts';
import { cullingStatistics } from './0021_culling_statistics.ts';
import { signInEvents } from './0020_sign_in_events.ts';

/** Ordered; names never change once released. */
export function allMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_foundation': foundation(dialect),
    '0002_rent_ledger': rentLedger(dialect),
    '0003_rent_followup': rentFollowup(dialect),
    '0004_research_exports': researchExports(dialect),
    '0005_rent_month_statuses': rentMonthStatuses(dialect),
    '0006_eviction_prevention': evictionPrevention(dialect),
    '0007_housing_first': housingFirst(dialect),
    '0008_audit_chain': auditChain(dialect),
    '0009_log_reviews': logReviews(dialect),
    '0010_two_factor': twoFactor(dialect),
    '0011_single_sign_on': singleSignOn(dialect),
    '0013_row_versions': rowVersions(dialect),
    '0014_competence': competence(dialect),
    '0015_occupation': occupation(dialect),
    '0016_resident_surveys': residentSurveys(dialect),
    '0017_culling': culling(dialect),
    '0018_audit_linking': auditLinking(dialect),
    '0019_more_row_versions': moreRowVersions(dialect),
    '0020_sign_in_events': signInEvents(dialect),
    '0021_culling_statistics': cullingStatistics(dialect),
  };
}
