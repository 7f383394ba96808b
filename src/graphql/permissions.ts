import type { GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareFieldMap } from 'graphql-middleware';
import { rule, shield } from 'graphql-shield';
import type { IRule } from 'graphql-shield';
import { CommonErrors } from '../common/errors';
import { Role } from '../modules/user/role';
import type { HubContext } from './context';

/*
 * The coarse gate: who may call which operation at all (signed in, holds the
 * role). Which records they reach is the policies' business. Any root field
 * without a rule here is refused (deny by default).
 */

const refuse = (ctx: HubContext) => (ctx.actor ? CommonErrors.FORBIDDEN() : CommonErrors.UNAUTHENTICATED());

const signedIn = rule('signed-in', { cache: 'contextual' })((_parent, _args, ctx: HubContext) =>
  ctx.actor ? true : CommonErrors.UNAUTHENTICATED(),
);

const holds = (role: Role): IRule =>
  rule(`holds-${role}`, { cache: 'contextual' })((_parent, _args, ctx: HubContext) =>
    ctx.actor?.roles.has(role) ? true : refuse(ctx),
  );

const denyAll = rule('deny', { cache: 'contextual' })((_parent, _args, ctx: HubContext) => refuse(ctx));

const holdsAny = (...roles: Role[]): IRule =>
  rule(`holds-any-${roles.join('-')}`, { cache: 'contextual' })((_parent, _args, ctx: HubContext) =>
    roles.some((role) => ctx.actor?.roles.has(role)) ? true : refuse(ctx),
  );

export const isAdmin = holds(Role.ADMIN);
/** Roles that may reach incident data at all (own agency, or through cases); ADMIN and AUDITOR never do. */
const readsIncidents = holdsAny(Role.CONTRIBUTOR, Role.RESPONDER, Role.CST_OFFICER, Role.PANEL_MEMBER);
/** Cases are read by their partnership's CST and their panels' members; responders reach theirs through what is addressed to them. */
const readsCases = holdsAny(Role.CST_OFFICER, Role.PANEL_MEMBER);
const isCst = holds(Role.CST_OFFICER);
/** The partnership's published procedure (how to apply, timescales): its CST, or an administrator. */
const setsProcedure = holdsAny(Role.CST_OFFICER, Role.ADMIN);
const isResponder = holds(Role.RESPONDER);
const isAuditor = holds(Role.AUDITOR);
const isDataProtectionOfficer = holds(Role.DATA_PROTECTION_OFFICER);
/** Prompts at a repeat report go to the recording agency's contributors and responders. */
const handlesPrompts = holdsAny(Role.CONTRIBUTOR, Role.RESPONDER);

export const RULES = {
  Query: {
    me: signedIn,
    partnerships: signedIn,
    partnership: signedIn,
    agencies: signedIn,
    incident: readsIncidents,
    incidents: readsIncidents,
    caseReview: readsCases,
    caseReviews: readsCases,
    myRecommendations: isResponder,
    myInformationRequests: isResponder,
    caseReviewStatistics: signedIn,
    // The partnership's commissioner's office, its CST and administrators (StatisticsPolicy.readsReturn decides which partnership).
    caseReviewReturn: holdsAny(Role.OVERSIGHT, Role.CST_OFFICER, Role.ADMIN),
    accessLog: isAuditor,
    reviewPrompts: handlesPrompts,
    overdueCases: isCst,
    verifyAccessLog: isAuditor,
    subjectAccessExport: isDataProtectionOfficer,
  },
  Mutation: {
    createAgency: isAdmin,
    createPartnership: isAdmin,
    addAgencyToPartnership: isAdmin,
    addIndependentChair: isAdmin,
    createUser: isAdmin,
    setHowToApply: setsProcedure,
    setPartnershipTimescales: setsProcedure,
    setLetterTemplate: isCst,
    setLetterhead: isCst,
    recordIncidents: holds(Role.CONTRIBUTOR),
    submitApplication: isCst,
    linkIncidents: isCst,
    unlinkIncidents: isCst,
    decideThreshold: isCst,
    requestInformation: isCst,
    schedulePanel: isCst,
    notifyDelay: isCst,
    markOutcomeSent: isCst,
    requestSecondaryReview: isCst,
    closeCase: isCst,
    withdrawApplication: isCst,
    withdrawConsent: isCst,
    confirmConsent: isCst,
    recordContact: isCst,
    setVictimInvolvement: isCst,
    recordPanelOutcome: holds(Role.PANEL_MEMBER),
    respondToInformationRequest: isResponder,
    respondToRecommendation: isResponder,
    completeRecommendation: isResponder,
    markPromptExplained: handlesPrompts,
    // The partnership's CST or a member of the case's panel; which cases, the risk-assessment policy decides.
    assessRisk: readsCases,
    setRetentionPolicy: holdsAny(Role.ADMIN, Role.DATA_PROTECTION_OFFICER),
    applyRetention: isAdmin,
    erasePerson: isDataProtectionOfficer,
  },
} as const;

/**
 * Applies the gate to the root fields only: nested fields carry no rule of their
 * own (records are filtered by the policies), and leaving them unwrapped keeps
 * large lists cheap.
 */
export function applyPermissions(schema: GraphQLSchema): GraphQLSchema {
  const gate = shield(RULES, {
    fallbackRule: denyAll,
    fallbackError: (_error, _parent, _args, ctx) => refuse(ctx as unknown as HubContext),
    // Our own typed errors (NOT_FOUND, INVALID_STATE, ...) pass through untouched.
    allowExternalErrors: true,
    debug: false,
  });
  const generated = gate.generate(schema) as IMiddlewareFieldMap;
  const rootOnly: IMiddlewareFieldMap = {};
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (root && generated[root.name]) rootOnly[root.name] = generated[root.name];
  }
  return applyMiddleware(schema, rootOnly);
}
