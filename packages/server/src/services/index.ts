import { createApartmentsService } from './apartments.service.ts';
import { createChargesService } from './charges.service.ts';
import { createCheckpointService } from './checkpoint.service.ts';
import { createFollowupService } from './followup.service.ts';
import { createLettersService } from './letters.service.ts';
import { createRentStatusService } from './rent-status.service.ts';
import { createStatisticsService } from './statistics.service.ts';
import { createRentMonthStatusService } from './rent-month-status.service.ts';
import { createEvictionReportsService } from './eviction-reports.service.ts';
import { createEvictionCasesService } from './eviction-cases.service.ts';
import { createEvictionStatisticsService } from './eviction-statistics.service.ts';
import { createHousingFirstService } from './housing-first.service.ts';
import { createSurveysService } from './surveys.service.ts';
import { createCompetenceService } from './competence.service.ts';
import { createOccupationService } from './occupation.service.ts';
import { createLeaseTakeoverService } from './lease-takeover.service.ts';
import { createResearchExportService } from './research-export.service.ts';
import { createRepaymentPlansService } from './repayment-plans.service.ts';
import { createRegisterExtractService } from './register-extract.service.ts';
import { createCullingService } from './culling.service.ts';
import { createLegalHoldsService } from './legal-holds.service.ts';
import { createTasksService } from './tasks.service.ts';
import { createLedgerService } from './ledger.service.ts';
import { createPaymentImportService } from './payment-import.service.ts';
import { createRentService } from './rent.service.ts';
import { createAuditService } from './audit.service.ts';
import { createLogReviewService } from './log-review.service.ts';
import { createAuthService } from './auth.service.ts';
import { createOidcService } from './oidc.service.ts';
import { createCommissionersService } from './commissioners.service.ts';
import type { ServiceContext } from './context.ts';
import { createLandlordsService } from './landlords.service.ts';
import { createPlacementsService } from './placements.service.ts';
import { createResidentsService } from './residents.service.ts';
import { createStatsService } from './stats.service.ts';
import { createUsersService } from './users.service.ts';

export function createServices(ctx: ServiceContext) {
  const charges = createChargesService(ctx);
  const rentStatus = createRentStatusService(ctx);
  const plans = createRepaymentPlansService(ctx);
  const monthStatuses = createRentMonthStatusService(ctx, rentStatus);
  const statistics = createStatisticsService(ctx, monthStatuses);
  return {
    rentStatus,
    monthStatuses,
    plans,
    statistics,
    research: createResearchExportService(ctx, statistics),
    evictionReports: createEvictionReportsService(ctx),
    evictionCases: createEvictionCasesService(ctx),
    evictionStatistics: createEvictionStatisticsService(ctx),
    housingFirst: createHousingFirstService(ctx),
    surveys: createSurveysService(ctx),
    competence: createCompetenceService(ctx),
    occupation: createOccupationService(ctx),
    leaseTakeover: createLeaseTakeoverService(ctx, monthStatuses),
    checkpoints: createCheckpointService(ctx, rentStatus),
    tasks: createTasksService(ctx),
    followup: createFollowupService(ctx, rentStatus),
    letters: createLettersService(ctx, plans),
    charges,
    rent: createRentService(ctx, charges),
    ledger: createLedgerService(ctx),
    paymentImports: createPaymentImportService(ctx),
    auth: createAuthService(ctx),
    oidc: createOidcService(ctx),
    users: createUsersService(ctx),
    landlords: createLandlordsService(ctx),
    commissioners: createCommissionersService(ctx),
    apartments: createApartmentsService(ctx),
    residents: createResidentsService(ctx),
    placements: createPlacementsService(ctx),
    audit: createAuditService(ctx),
    logReview: createLogReviewService(ctx),
    stats: createStatsService(ctx),
    registerExtract: createRegisterExtractService(ctx),
    culling: createCullingService(ctx),
    legalHolds: createLegalHoldsService(ctx),
  };
}

export type Services = ReturnType<typeof createServices>;
