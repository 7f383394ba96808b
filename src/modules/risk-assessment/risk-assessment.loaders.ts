import { Any } from 'typeorm';
import { byKeys, groupByKeys, requestLoader } from '../../common/batch';
import type { RequestDb } from '../../database/request-db';
import { RiskAssessmentRecord } from './risk-assessment.entity';
import { MAX_RISK_VERSIONS } from './risk-assessment.types';
import { RiskSchemeRecord } from './risk-scheme.entity';

/** Per-request loaders for risk assessments and the partnerships' schemes. */
export function createRiskAssessmentLoaders(db: RequestDb) {
  return {
    /** A case's newest MAX_RISK_VERSIONS assessments, newest first; a list of cases reads them in one statement. */
    byCase: requestLoader<string, RiskAssessmentRecord[]>(db, async (caseIds) => {
      const rows = await (await db.manager())
        .createQueryBuilder(RiskAssessmentRecord, 'ra')
        .where('ra.case_id = ANY(:caseIds)', { caseIds: [...caseIds] })
        .andWhere('ra.version > (SELECT max(v.version) FROM risk_assessment v WHERE v.case_id = ra.case_id) - :bound', { bound: MAX_RISK_VERSIONS })
        .orderBy('ra.case_id')
        .addOrderBy('ra.version', 'DESC')
        .getMany();
      return groupByKeys(caseIds, rows, (r) => r.caseId);
    }),
    schemeByPartnership: requestLoader<string, RiskSchemeRecord | null>(db, async (partnershipIds) => {
      const rows = await (await db.manager()).findBy(RiskSchemeRecord, { partnershipId: Any([...partnershipIds]) });
      return byKeys(partnershipIds, rows, (r) => r.partnershipId);
    }),
  };
}

export type RiskAssessmentLoaders = ReturnType<typeof createRiskAssessmentLoaders>;
