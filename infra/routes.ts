import type { Contract } from '../shared/http/contract';
import type { Uses } from './uses';
import * as catalogue from '../shared/contracts/catalogue';
import * as system from '../shared/contracts/system';
import * as agency from '../shared/contracts/agency';
import * as notifications from '../shared/contracts/notifications';
import * as payments from '../shared/contracts/payments';
import * as dossiers from '../shared/contracts/dossiers';
import * as slips from '../shared/contracts/slips';
import * as routing from '../shared/contracts/routing';
import * as stats from '../shared/contracts/stats';
import * as dvcqg from '../shared/contracts/dvcqg';
import * as retention from '../shared/contracts/retention';
import * as identity from '../shared/contracts/identity';

/**
 * The route table, declared once: CDK makes one function and one HTTP API route per entry
 * (infra/stacks/api.ts), the local gateway serves the same entries (infra/local/gateway.ts), and
 * the OpenAPI document is generated from them (shared/http/openapi.ts).
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  method: Method;
  /** API Gateway path template, e.g. `/dossiers/{id}`. */
  path: string;
  /** Handler module, relative to the project root; it exports `handler`. */
  handler: string;
  contract: Contract;
  uses: Uses;
  /**
   * This route's own throttle (requests per second, burst), below the stage's: CDK sets it as the
   * stage's route settings, the local gateway applies the same token bucket. For public routes a
   * stranger could hammer (the verify links).
   */
  throttle?: { rateLimit: number; burstLimit: number };
}

export const routes: readonly Route[] = [
  { method: 'GET', path: '/health', handler: 'functions/system/health.ts', contract: system.getHealth, uses: { table: 'read', attachments: 'read', documents: 'read' } },
  { method: 'GET', path: '/openapi.json', handler: 'functions/system/openapi.ts', contract: system.getOpenApi, uses: {} },
  // The reference page and its script: only docs-asset's bundle carries Redoc (shared/system/docs.ts).
  { method: 'GET', path: '/docs', handler: 'functions/system/docs.ts', contract: system.getDocs, uses: {} },
  // The pages problem `type`s name (shared/system/problems.ts): what each code means and what to do.
  { method: 'GET', path: '/problems', handler: 'functions/system/problems.ts', contract: system.listProblems, uses: {} },
  { method: 'GET', path: '/problems/{code}', handler: 'functions/system/problem.ts', contract: system.getProblem, uses: {} },
  { method: 'GET', path: '/docs/redoc.standalone.js', handler: 'functions/system/docs-asset.ts', contract: system.getDocsAsset, uses: {} },
  // -- catalogue (levels 1 and 2) --
  { method: 'GET', path: '/procedures', handler: 'functions/catalogue/list-procedures.ts', contract: catalogue.listProcedures, uses: { table: 'read' } },
  { method: 'GET', path: '/procedures/{code}', handler: 'functions/catalogue/get-procedure.ts', contract: catalogue.getProcedure, uses: { table: 'read' } },
  { method: 'GET', path: '/procedures/{code}/forms/{formId}', handler: 'functions/catalogue/download-form.ts', contract: catalogue.downloadForm, uses: { table: 'read', documents: 'read' } },
  { method: 'GET', path: '/units', handler: 'functions/catalogue/list-units.ts', contract: catalogue.listUnits, uses: { table: 'read' } },
  { method: 'GET', path: '/agencies', handler: 'functions/catalogue/list-agencies.ts', contract: catalogue.listAgencies, uses: { table: 'read' } },
  { method: 'PUT', path: '/admin/procedures/{code}', handler: 'functions/catalogue/put-procedure.ts', contract: catalogue.putProcedure, uses: { table: 'write' } },
  { method: 'PUT', path: '/admin/agencies/{id}', handler: 'functions/catalogue/put-agency.ts', contract: catalogue.putAgency, uses: { table: 'write' } },
  { method: 'PUT', path: '/admin/units/{id}', handler: 'functions/catalogue/put-unit.ts', contract: catalogue.putUnit, uses: { table: 'write' } },
  {
    method: 'POST',
    path: '/admin/procedures/{code}/forms/{formId}/upload-url',
    handler: 'functions/catalogue/create-form-upload-url.ts',
    contract: catalogue.createFormUploadUrl,
    uses: { table: 'write', documents: 'write' },
  },
  // -- end catalogue --
  // -- citizen dossiers (level 3) --
  { method: 'POST', path: '/dossiers', handler: 'functions/dossiers/create.ts', contract: dossiers.createDossier, uses: { table: 'write' } },
  { method: 'GET', path: '/dossiers', handler: 'functions/dossiers/list.ts', contract: dossiers.listDossiers, uses: { table: 'read' } },
  { method: 'GET', path: '/dossiers/{id}', handler: 'functions/dossiers/get.ts', contract: dossiers.getDossier, uses: { table: 'read' } },
  { method: 'PATCH', path: '/dossiers/{id}', handler: 'functions/dossiers/update.ts', contract: dossiers.updateDossier, uses: { table: 'write' } },
  { method: 'DELETE', path: '/dossiers/{id}', handler: 'functions/dossiers/delete.ts', contract: dossiers.deleteDossier, uses: { table: 'write', attachments: 'write' } },
  // attachments 'write': the presigned PUT is signed with this function's credentials.
  { method: 'POST', path: '/dossiers/{id}/attachments', handler: 'functions/dossiers/declare-attachment.ts', contract: dossiers.declareAttachment, uses: { table: 'write', attachments: 'write', documents: 'read' } },
  { method: 'GET', path: '/me/documents', handler: 'functions/dossiers/list-documents.ts', contract: dossiers.listMyDocuments, uses: { table: 'read' } },
  // Filed for me: at the desk, through DVCQG, by an agent or by myself (by the applicant's identity number).
  { method: 'GET', path: '/me/dossiers', handler: 'functions/dossiers/list-filed-for-me.ts', contract: dossiers.listDossiersFiledForMe, uses: { table: 'read' } },
  { method: 'GET', path: '/me/dossiers/{id}', handler: 'functions/dossiers/get-filed-for-me.ts', contract: dossiers.getDossierFiledForMe, uses: { table: 'read' } },
  // attachments 'write': verified papers are copied out of quarantine (and failed copies deleted).
  { method: 'POST', path: '/dossiers/{id}/submit', handler: 'functions/dossiers/submit.ts', contract: dossiers.submitDossier, uses: { table: 'write', outbox: 'write', attachments: 'write' } },
  { method: 'POST', path: '/dossiers/{id}/withdraw', handler: 'functions/dossiers/withdraw.ts', contract: dossiers.withdrawDossier, uses: { table: 'write', outbox: 'write' } },
  { method: 'POST', path: '/dossiers/{id}/supplement', handler: 'functions/dossiers/supplement.ts', contract: dossiers.supplementDossier, uses: { table: 'write', outbox: 'write', attachments: 'write' } },
  { method: 'GET', path: '/tracking/{dossierCode}', handler: 'functions/dossiers/track.ts', contract: dossiers.trackDossier, uses: { table: 'read' } },
  // -- end citizen dossiers --
  // -- agency processing --
  { method: 'GET', path: '/agency/dossiers', handler: 'functions/agency/list-dossiers.ts', contract: agency.listInbox, uses: { table: 'read' } },
  // attachments/documents 'read': papers and the result are handed out as presigned GETs.
  { method: 'GET', path: '/agency/dossiers/{id}', handler: 'functions/agency/get-dossier.ts', contract: agency.getDossier, uses: { table: 'write', attachments: 'read', documents: 'read' } },
  // Intake at the desk and by post. attachments 'write': the scans' presigned PUTs are signed with these functions' credentials,
  // and submit-desk copies verified scans out of quarantine.
  { method: 'POST', path: '/agency/dossiers', handler: 'functions/agency/start-desk-intake.ts', contract: agency.startDeskIntake, uses: { table: 'write', attachments: 'write' } },
  { method: 'POST', path: '/agency/dossiers/{id}/papers', handler: 'functions/agency/redeclare-desk-paper.ts', contract: agency.redeclareDeskPaper, uses: { table: 'write', attachments: 'write' } },
  {
    method: 'POST',
    path: '/agency/dossiers/{id}/supplement-desk',
    handler: 'functions/agency/supplement-desk.ts',
    contract: agency.supplementDeskDossier,
    uses: { table: 'write', outbox: 'write', attachments: 'write' },
  },
  { method: 'POST', path: '/agency/dossiers/{id}/submit-desk', handler: 'functions/agency/submit-desk.ts', contract: agency.submitDeskDossier, uses: { table: 'write', outbox: 'write', attachments: 'write' } },
  // One function for every action. documents 'write': resolve signs the result's presigned PUT, return checks it was uploaded.
  { method: 'POST', path: '/agency/dossiers/{id}/{action}', handler: 'functions/agency/act.ts', contract: agency.act, uses: { table: 'write', outbox: 'write', documents: 'write' } },
  { method: 'POST', path: '/admin/retention/run', handler: 'functions/retention/run.ts', contract: retention.runRetention, uses: { table: 'write', attachments: 'write', documents: 'write' } },
  { method: 'GET', path: '/admin/audit', handler: 'functions/agency/list-audit.ts', contract: agency.listAudit, uses: { table: 'read' } },
  { method: 'GET', path: '/admin/result-trust', handler: 'functions/agency/get-result-trust.ts', contract: agency.getResultTrust, uses: { table: 'read' } },
  { method: 'PUT', path: '/admin/result-trust', handler: 'functions/agency/put-result-trust.ts', contract: agency.putResultTrust, uses: { table: 'write' } },
  { method: 'GET', path: '/admin/dossiers/unroutable', handler: 'functions/routing/list-unroutable.ts', contract: routing.listUnroutable, uses: { table: 'read' } },
  { method: 'POST', path: '/admin/dossiers/{id}/assign', handler: 'functions/routing/assign-dossier.ts', contract: routing.assign, uses: { table: 'write', outbox: 'write' } },
  { method: 'GET', path: '/admin/routing-rules', handler: 'functions/routing/list-routing-rules.ts', contract: routing.listRoutingRules, uses: { table: 'read' } },
  { method: 'PUT', path: '/admin/routing-rules/{id}', handler: 'functions/routing/put-routing-rule.ts', contract: routing.putRoutingRule, uses: { table: 'write' } },
  { method: 'GET', path: '/dossiers/{id}/notifications', handler: 'functions/notifications/list.ts', contract: notifications.listDossierNotifications, uses: { table: 'read' } },
  // Contacts confirmed by code: the code is itself a message (notifications 'send').
  { method: 'GET', path: '/me/contacts', handler: 'functions/notifications/list-contacts.ts', contract: notifications.listContacts, uses: { table: 'read' } },
  { method: 'POST', path: '/me/contacts', handler: 'functions/notifications/request-contact-code.ts', contract: notifications.requestContactCode, uses: { table: 'write', notifications: 'send' } },
  { method: 'POST', path: '/me/contacts/confirm', handler: 'functions/notifications/confirm-contact.ts', contract: notifications.confirmContact, uses: { table: 'write' } },
  // -- end agency processing --
  // -- payments and results (level 4) --
  { method: 'POST', path: '/dossiers/{id}/payments', handler: 'functions/payments/start.ts', contract: payments.startPayment, uses: { table: 'write', secrets: ['vnpay', 'paygov'] } },
  { method: 'GET', path: '/payments/{id}', handler: 'functions/payments/get.ts', contract: payments.getPayment, uses: { table: 'read' } },
  { method: 'GET', path: '/payments/{id}/receipt', handler: 'functions/payments/receipt.ts', contract: payments.paymentReceipt, uses: { table: 'read', documents: 'write', secrets: ['paygov'] } },
  { method: 'GET', path: '/payments/vnpay/return', handler: 'functions/payments/vnpay-return.ts', contract: payments.vnpayReturn, uses: { table: 'read', secrets: ['vnpay'] } },
  { method: 'GET', path: '/payments/paygov/return', handler: 'functions/payments/paygov-return.ts', contract: payments.paygovReturn, uses: { table: 'read' } },
  { method: 'GET', path: '/webhooks/vnpay/ipn', handler: 'functions/payments/vnpay-ipn.ts', contract: payments.vnpayIpn, uses: { table: 'write', outbox: 'write', secrets: ['vnpay'] } },
  { method: 'GET', path: '/admin/payments/late-successes', handler: 'functions/payments/list-late-successes.ts', contract: payments.listLateSuccesses, uses: { table: 'read' } },
  { method: 'GET', path: '/admin/payments/pending-refunds', handler: 'functions/payments/list-pending-refunds.ts', contract: payments.listPendingRefunds, uses: { table: 'read' } },
  { method: 'GET', path: '/admin/payments/{id}', handler: 'functions/payments/get-admin.ts', contract: payments.getAdminPayment, uses: { table: 'read' } },
  {
    method: 'POST',
    path: '/admin/payments/{id}/resolve-late-success',
    handler: 'functions/payments/resolve-late-success.ts',
    contract: payments.resolveLateSuccess,
    uses: { table: 'write', outbox: 'write', secrets: ['vnpay'] },
  },
  { method: 'POST', path: '/admin/payments/{id}/refunds', handler: 'functions/payments/refund.ts', contract: payments.requestRefund, uses: { table: 'write', outbox: 'write', secrets: ['vnpay'] } },
  { method: 'GET', path: '/admin/payments/{id}/refunds', handler: 'functions/payments/list-refunds.ts', contract: payments.listRefunds, uses: { table: 'read' } },
  // Also PayGov's confirm callback (provider `paygov`): one function for the gateways' callbacks keeps the callback alarm within the free tier.
  {
    method: 'POST',
    path: '/webhooks/payments/{provider}',
    handler: 'functions/payments/payment-webhook.ts',
    contract: payments.paymentWebhook,
    uses: { table: 'write', outbox: 'write', secrets: ['payment-webhooks', 'paygov'] },
  },
  { method: 'GET', path: '/dossiers/{id}/result', handler: 'functions/dossiers/get-result.ts', contract: dossiers.getResult, uses: { table: 'read', documents: 'read' } },
  // -- end payments and results --
  // -- service index (QĐ 766) --
  { method: 'GET', path: '/admin/stats', handler: 'functions/stats/get-admin-stats.ts', contract: stats.getAdminStats, uses: { table: 'read' } },
  { method: 'GET', path: '/admin/stats/tracking-book.csv', handler: 'functions/stats/tracking-book-csv.ts', contract: stats.trackingBookCsv, uses: { table: 'read' } },
  { method: 'GET', path: '/admin/stats/log', handler: 'functions/stats/export-log.ts', contract: stats.statsLog, uses: { table: 'read' } },
  { method: 'GET', path: '/admin/stats/satisfaction', handler: 'functions/stats/get-satisfaction.ts', contract: stats.getSatisfaction, uses: { table: 'read' } },
  { method: 'GET', path: '/stats/public/satisfaction', handler: 'functions/stats/get-public-satisfaction.ts', contract: stats.getPublicSatisfaction, uses: { table: 'read' } },
  { method: 'GET', path: '/stats/public', handler: 'functions/stats/get-public-stats.ts', contract: stats.getPublicStats, uses: { table: 'read' } },
  { method: 'POST', path: '/dossiers/{id}/rating', handler: 'functions/stats/rate-dossier.ts', contract: stats.rateDossier, uses: { table: 'write', outbox: 'write' } },
  // The signed one-click rating link of the RETURNED notification (secrets: its signing key).
  { method: 'GET', path: '/ratings/{token}', handler: 'functions/stats/rating-link-page.ts', contract: stats.ratingLinkPage, uses: { table: 'read', secrets: ['rating-links'] } },
  { method: 'POST', path: '/ratings/{token}', handler: 'functions/stats/rating-link-submit.ts', contract: stats.ratingLinkSubmit, uses: { table: 'write', outbox: 'write', secrets: ['rating-links'] } },
  { method: 'POST', path: '/feedback', handler: 'functions/stats/submit-feedback.ts', contract: stats.submitFeedback, uses: { table: 'write', outbox: 'write' } },
  { method: 'GET', path: '/me/feedback', handler: 'functions/stats/list-my-feedback.ts', contract: stats.listMyFeedback, uses: { table: 'read' } },
  { method: 'GET', path: '/feedback/{id}', handler: 'functions/stats/get-feedback.ts', contract: stats.getMyFeedback, uses: { table: 'read' } },
  { method: 'GET', path: '/agency/feedback', handler: 'functions/stats/list-feedback.ts', contract: stats.listAgencyFeedback, uses: { table: 'read' } },
  { method: 'POST', path: '/agency/feedback/{id}/answer', handler: 'functions/stats/answer-feedback.ts', contract: stats.answerFeedback, uses: { table: 'write', outbox: 'write' } },
  // -- end service index --
  // -- dvcqg (the national portal both ways) --
  // attachments 'write': forwarded papers are stored in quarantine, verified and copied out as citizens' are.
  { method: 'POST', path: '/integrations/dvcqg/dossiers', handler: 'functions/dvcqg/forward.ts', contract: dvcqg.forwardDossier, uses: { table: 'write', outbox: 'write', attachments: 'write', secrets: ['dvcqg'] } },
  {
    method: 'POST',
    path: '/integrations/dvcqg/dossiers/{maHoSo}/supplement',
    handler: 'functions/dvcqg/supplement.ts',
    contract: dvcqg.supplementDossier,
    uses: { table: 'write', outbox: 'write', attachments: 'write', secrets: ['dvcqg'] },
  },
  { method: 'POST', path: '/integrations/dvcqg/dossiers/{maHoSo}/withdraw', handler: 'functions/dvcqg/withdraw.ts', contract: dvcqg.withdrawDossier, uses: { table: 'write', outbox: 'write', secrets: ['dvcqg'] } },
  { method: 'POST', path: '/admin/integrations/dvcqg/catalogue-sync', handler: 'functions/dvcqg/sync-catalogue.ts', contract: dvcqg.syncCatalogue, uses: { table: 'write', secrets: ['dvcqg'] } },
  { method: 'GET', path: '/admin/integrations/dvcqg/pending', handler: 'functions/dvcqg/list-pending.ts', contract: dvcqg.listPending, uses: { table: 'read' } },
  {
    method: 'POST',
    path: '/admin/integrations/dvcqg/dossiers/{id}/replay',
    handler: 'functions/dvcqg/replay.ts',
    contract: dvcqg.replayDossier,
    uses: { table: 'write', attachments: 'read', documents: 'read', secrets: ['dvcqg'] },
  },
  // -- end dvcqg --
  // -- identity: profile and prefill, lookups audit, mandates (issue 14) --
  // table 'write': every population lookup is audited before it is made.
  { method: 'GET', path: '/me/profile', handler: 'functions/identity/get-profile.ts', contract: identity.getProfile, uses: { table: 'write' } },
  { method: 'GET', path: '/me/lookups', handler: 'functions/identity/list-lookups.ts', contract: identity.listLookups, uses: { table: 'read' } },
  { method: 'GET', path: '/me/mandates', handler: 'functions/identity/list-mandates.ts', contract: identity.listMandates, uses: { table: 'read' } },
  // attachments 'write': the mandate paper's presigned PUT is signed with this function's credentials.
  { method: 'POST', path: '/me/mandates', handler: 'functions/identity/give-mandate.ts', contract: identity.giveMandate, uses: { table: 'write', attachments: 'write' } },
  // attachments 'write': the verified paper is copied out of quarantine (and a failed copy deleted).
  { method: 'POST', path: '/me/mandates/{id}/confirm', handler: 'functions/identity/confirm-mandate.ts', contract: identity.confirmMandate, uses: { table: 'write', attachments: 'write' } },
  { method: 'POST', path: '/me/mandates/{id}/revoke', handler: 'functions/identity/revoke-mandate.ts', contract: identity.revokeMandate, uses: { table: 'write' } },
  // -- end identity --
  // -- slips (TT 01/2018 forms 01-06) and QR verification --
  // documents 'read': the slips are handed out as presigned GETs.
  { method: 'GET', path: '/dossiers/{id}/slips', handler: 'functions/slips/list-mine.ts', contract: slips.listMySlips, uses: { table: 'read', documents: 'read' } },
  { method: 'GET', path: '/agency/dossiers/{id}/slips', handler: 'functions/slips/list-for-officer.ts', contract: slips.listOfficerSlips, uses: { table: 'write', documents: 'read' } },
  // documents 'write': the book is stored, then handed out as a presigned GET.
  { method: 'GET', path: '/agency/tracking-book', handler: 'functions/slips/tracking-book.ts', contract: slips.trackingBook, uses: { table: 'read', documents: 'write' } },
  { method: 'GET', path: '/verify/{token}', handler: 'functions/slips/verify.ts', contract: slips.verify, uses: { table: 'read' }, throttle: { rateLimit: 10, burstLimit: 20 } },
  // -- end slips --
];

export const routeKey = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;
