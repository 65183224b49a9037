// Reading cases within the caller's data scope; personal data masked by default, revealed only with
// the pii.reveal permission and a reason, and every reveal audited.
import type { z } from 'zod';
import { addressKinds, type CaseDetail, type CaseSummary, type caseListQuerySchema, type revealRequestSchema } from '../../../contracts/cases.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, scopeOf, type DataScope, type Principal } from '../../platform/access.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { maskName, type PiiKind } from '../../platform/pii.js';
import { caseRepository, type CaseListFilter } from './case.repository.js';
import { calendarDate } from '../../platform/clock.js';
import { groupBy } from '../../platform/group.js';
import { loadLoans } from './ledger.service.js';

export const CaseErrors = defineErrors({
  'cases.nothing_to_reveal': { kind: 'not_found', zh: '该案件没有此项信息', en: 'This case has no such item' },
});

type ListQuery = z.infer<typeof caseListQuerySchema>;

/** Work-list totals are exact as of at most this long ago; the rows themselves are always current. */
export const COUNT_TTL_MS = 10_000;

export function createCaseService(ctx: AppContext) {
  const repo = caseRepository(ctx.db);
  // Counting a scope is a scan of its index range, and a desk asks for the same total on every page
  // turn: totals are cached per (scope, filter) for COUNT_TTL_MS in this process.
  const totals = new Map<string, { n: number; at: number }>();
  async function cachedCount(scope: DataScope, filter: CaseListFilter): Promise<number> {
    const key = JSON.stringify([scope, filter]);
    const now = ctx.clock.now().getTime();
    const hit = totals.get(key);
    if (hit && now - hit.at < COUNT_TTL_MS) return hit.n;
    const n = await repo.count(scope, filter);
    if (totals.size > 10_000) totals.clear();
    totals.set(key, { n, at: now });
    return n;
  }

  /** Full phone numbers and national ids are matched exactly through their keyed hash; anything else is a name prefix. */
  async function searchFilter(q: string | undefined) {
    if (!q) return {};
    const digits = q.replace(/[\s-]/g, '');
    if (/^\+?\d{7,13}$/.test(digits)) return { debtorIds: await repo.debtorIdsByPhoneHash(ctx.pii.lookupHash('phone', digits)) };
    if (/^\d{17}[\dXx]$/.test(digits)) return { debtorIds: await repo.debtorIdsByNationalIdHash(ctx.pii.lookupHash('national_id', digits)) };
    return { nameLike: `${q.replace(/[%_\\]/g, '')}%` };
  }

  async function list(p: Principal, query: ListQuery) {
    requirePermission(p, 'cases.read');
    const scope = scopeOf(p);
    const filter = { bucket: query.bucket, creditorId: query.creditorId, assignedUserId: query.assignedUserId, status: query.status, ...(await searchFilter(query.q)) };
    const [rows, total] = await Promise.all([repo.list(scope, filter, (query.page - 1) * query.pageSize, query.pageSize), cachedCount(scope, filter)]);
    const items: CaseSummary[] = rows.map((r) => ({
      id: r.id,
      creditorId: r.creditor_id,
      creditorName: r.creditor_name,
      debtorId: r.debtor_id,
      debtorName: r.debtor_name,
      status: r.status,
      bucket: r.bucket,
      dpd: r.dpd,
      totalDueMinor: r.total_due_minor,
      currency: r.currency,
      assignedUserId: r.assigned_user_id,
      assignedTeamId: r.assigned_team_id,
      nextActionAt: r.next_action_at,
    }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async function findOr404(p: Principal, id: string, scope: DataScope = scopeOf(p)) {
    requirePermission(p, 'cases.read');
    const [c] = await repo.findManyInScope(scope, [id]);
    if (!c) throw new AppError('common.not_found', { entity: 'case' });
    return c;
  }

  /** Each loan's balance and DPD today, as the ledger computes them (the creditor's figures less later payments). */
  async function currentBalances(cs: ReadonlyArray<{ id: string; creditorId: string }>): Promise<Map<string, { outstandingMinor: number; dpd: number }>> {
    const loans = await loadLoans(ctx.db, cs);
    const out = new Map<string, { outstandingMinor: number; dpd: number }>();
    for (const c of cs) {
      const asOf = calendarDate(ctx.clock.now(), loans.timeZoneOf(c.creditorId));
      for (const a of loans.accountsOf(c.id)) {
        const l = loans.ledgerOf(c, a, asOf, null);
        out.set(a.id, { outstandingMinor: Math.max(0, l.totals.outstandingMinor), dpd: l.dpd });
      }
    }
    return out;
  }

  /**
   * A case in the caller's scope (404 outside it). With `balances`, each loan's figures are computed for today (the
   * case page); without, they are the stored ones — the other modules call this for scope and contact data and need
   * no ledger replay. `scope` replaces the caller's data scope where the calling module has established access
   * another way (a field collector on a supervisor-planned route reads that route's cases).
   */
  async function get(p: Principal, id: string, opts: { balances?: boolean; scope?: DataScope } = {}): Promise<CaseDetail> {
    const [c] = await getMany(p, [id], opts);
    if (!c) throw new AppError('common.not_found', { entity: 'case' });
    return c;
  }

  /**
   * The cases among `ids` in the caller's scope (or `scope`), as `get` reads one, in seven statements for the lot
   * (a batch job — the nightly run's messages — reads hundreds at once); ids outside the scope are left out.
   */
  async function getMany(p: Principal, ids: readonly string[], opts: { balances?: boolean; scope?: DataScope } = {}): Promise<CaseDetail[]> {
    requirePermission(p, 'cases.read');
    const found = await repo.findManyInScope(opts.scope ?? scopeOf(p), ids);
    if (found.length === 0) return [];
    const debtorIds = [...new Set(found.map((c) => c.debtor_id))];
    const [debtors, phones, emails, addresses, contacts, accounts] = await Promise.all([
      repo.debtors(debtorIds),
      repo.phones(debtorIds),
      repo.emails(debtorIds),
      repo.addresses(debtorIds),
      repo.contacts(debtorIds),
      repo.accounts(found.map((c) => c.id)),
    ]);
    const debtorOf = new Map(debtors.map((d) => [d.id, d]));
    const [phonesOf, emailsOf, addressesOf, contactsOf, accountsOf] = [groupBy(phones, (x) => x.debtor_id), groupBy(emails, (x) => x.debtor_id), groupBy(addresses, (x) => x.debtor_id),
      groupBy(contacts, (x) => x.debtor_id), groupBy(accounts, (x) => x.case_id)];
    // Each loan's balance as the 360 page computes it (the creditor's figures less later payments), not as placed.
    const current = opts.balances ? await currentBalances(found.map((c) => ({ id: c.id, creditorId: c.creditor_id }))) : new Map<string, { outstandingMinor: number; dpd: number }>();
    const byId = new Map(found.map((c) => [c.id, c]));
    return ids.flatMap((id): CaseDetail[] => {
      const c = byId.get(id);
      const d = c && debtorOf.get(c.debtor_id);
      if (!c || !d) return [];
      return [{
        id: c.id,
        creditorId: c.creditor_id,
        creditorName: c.creditor_name,
        debtorId: c.debtor_id,
        debtorName: d.full_name,
        status: c.status,
        bucket: c.bucket,
        dpd: c.dpd,
        totalDueMinor: c.total_due_minor,
        currency: c.currency,
        assignedUserId: c.assigned_user_id,
        assignedTeamId: c.assigned_team_id,
        assignedUserName: c.assigned_user_name ?? null,
        assignedTeamName: c.assigned_team_name ?? null,
        nextActionAt: c.next_action_at,
        debtor: {
          id: d.id,
          fullName: d.full_name,
          gender: d.gender,
          nationalIdMasked: d.national_id_masked,
          employer: d.employer,
          occupation: d.occupation,
          monthlyIncomeMinor: d.monthly_income_minor,
          preferredLanguage: d.preferred_language,
          timeZone: d.time_zone,
        },
        phones: phonesOf(d.id).map((x) => ({ id: x.id, kind: x.kind, masked: x.number_masked, status: x.status, contactPersonId: x.contact_person_id })),
        emails: emailsOf(d.id).map((x) => ({ id: x.id, masked: x.address_masked, status: x.status })),
        // The four kinds in the order a collector reads them: 住宅, 户籍, 单位, 其他.
        addresses: [...addressesOf(d.id)].sort((a, b) => addressKinds.indexOf(a.kind) - addressKinds.indexOf(b.kind)).map((x) => ({
          id: x.id,
          kind: x.kind,
          region: x.region_text,
          detailMasked: x.detail_masked,
          latitude: x.latitude,
          longitude: x.longitude,
          verificationStatus: x.verification_status,
          contactPersonId: x.contact_person_id,
        })),
        // Third parties' names are masked: a collector needs the relationship, not the person's identity.
        contacts: contactsOf(d.id).map((x) => ({ id: x.id, fullNameMasked: maskName(x.full_name), relationship: x.relationship, partyRole: x.party_role })),
        accounts: accountsOf(c.id).map((a) => ({
          id: a.id,
          externalLoanId: a.external_loan_id,
          product: a.product,
          principalMinor: a.principal_minor,
          outstandingMinor: current.get(a.id)?.outstandingMinor ?? a.outstanding_principal_minor + a.outstanding_interest_minor + a.outstanding_penalty_minor + a.outstanding_fees_minor,
          dpd: current.get(a.id)?.dpd ?? a.dpd,
          currency: a.currency,
        })),
      }];
    });
  }

  /** Decrypt one personal-data item of a case in scope; permission + reason + audit entry, in that order. */
  async function reveal(p: Principal, caseId: string, req: z.infer<typeof revealRequestSchema>) {
    requirePermission(p, 'pii.reveal');
    const c = await findOr404(p, caseId);
    const kind: PiiKind = req.field;
    let stored: string | null | undefined;
    if (kind === 'national_id') stored = (await repo.debtor(c.debtor_id)).national_id_enc;
    else if (kind === 'phone') stored = (await repo.phones([c.debtor_id])).find((x) => x.id === req.itemId)?.number_enc;
    else if (kind === 'email') stored = (await repo.emails([c.debtor_id])).find((x) => x.id === req.itemId)?.address_enc;
    else stored = (await repo.addresses([c.debtor_id])).find((x) => x.id === req.itemId)?.detail_enc;
    if (!stored) throw new AppError(CaseErrors['cases.nothing_to_reveal']);
    const value = ctx.pii.decrypt(kind, stored);
    await ctx.audit.record(actorOf(p), { action: 'pii.reveal', entityType: 'case', entityId: c.id, reason: req.reason, meta: { field: kind, itemId: req.itemId ?? null } });
    return { field: kind, itemId: req.itemId ?? null, value };
  }

  /** Whether any debtor has been loaded (first start decides on the demo portfolio). */
  const hasDebtors = repo.hasDebtors;

  return { list, get, getMany, reveal, hasDebtors };
}

export type CaseService = ReturnType<typeof createCaseService>;
