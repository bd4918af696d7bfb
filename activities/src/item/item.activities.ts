import type { ItemActivities, NotificationRequest } from '@campaign/contracts';
import {
  conflictedPersonIds,
  DomainError,
  itemReference,
  type ItemRequest,
  type ItemState,
  LABELS,
  OrgTree,
  type RecipientFacts,
  resolveRecipients,
  type ResponsibilityRef,
} from '@campaign/domain';
import {
  CampaignReadModelRepository,
  type DecisionCandidate,
  DecisionRepository,
  LedgerRepository,
  NotificationRepository,
  OrgRepository,
  RuleTaskRepository,
} from '@campaign/persistence';

import { campaignNotices } from '../campaign/campaign-notices.js';
import type { ActivityDeps } from '../deps.js';

/** Activities of the item workflows: each step of an item, recorded once. */
export function createItemActivities({ dataSource, logger }: ActivityDeps): ItemActivities {
  const ledger = new LedgerRepository(dataSource);
  const org = new OrgRepository(dataSource);
  const readModel = new CampaignReadModelRepository(dataSource);
  const notifications = new NotificationRepository(dataSource);
  const ruleTasks = new RuleTaskRepository(dataSource);
  const decisions = new DecisionRepository(dataSource);

  /**
   * The desk a decision reaches: the unit `levelsUp` above the responsible unit (the root when
   * the tree is shallower), and who sits there — the role's holders granted at that unit or the
   * nearest above it, or the Party committee's first responsible person.
   */
  async function desk(
    facts: RecipientFacts,
    unitId: string,
    role: 'supervisor' | 'inspector' | 'committee',
    levelsUp: number,
  ): Promise<{ unitId: string; personIds: string[] }> {
    const lineage = facts.tree.lineage(unitId);
    const unit = lineage[Math.min(levelsUp, lineage.length - 1)];
    const deskUnitId = unit?.id ?? unitId;
    if (role === 'committee') {
      const first = facts.tree.firstResponsible(deskUnitId);
      return { unitId: deskUnitId, personIds: first ? [first.personId] : [] };
    }
    const holders = await org.nearestRoleHolders(deskUnitId, role);
    return { unitId: deskUnitId, personIds: holders?.personIds ?? [] };
  }

  /** The organisation as it stands now, for everyone the step's messages may reach. */
  async function recipientFacts(state: ItemState): Promise<RecipientFacts> {
    const unitId = state.assignment?.responsibleUnitId ?? state.unitId;
    const named = [
      state.assignment?.responsiblePersonId,
      state.assignment?.responsibleLeaderId,
      state.supervisingLeaderId,
    ].filter((id): id is string => typeof id === 'string');
    const [lineage, active, inspectors, office] = await Promise.all([
      org.lineageForTree(unitId),
      org.activePersonIds(named),
      org.nearestRoleHolders(state.unitId, 'inspector'),
      org.nearestRoleHolders(state.unitId, 'office'),
    ]);
    return { tree: new OrgTree(lineage), active, inspectors, office: office?.personIds ?? [] };
  }

  return {
    async parkItem({ itemId, seq, reason }) {
      const item = await ledger.findItem(itemId);
      if (!item) throw new DomainError('not_found', `ledger item ${itemId} is not registered`);
      // The reason is a failure type and SQLSTATE: no values reach the log or the inbox.
      logger.error(
        { itemId, seq, reason },
        'ledger item parked: a step could not be recorded; it waits for a retry',
      );
      const notices = await campaignNotices(readModel, item.campaignId);
      const office = await org.nearestRoleHolders(item.unitId, 'office');
      const batchKey = `item-${itemId}-${seq}-parked`;
      const requests = (office?.personIds ?? []).map((personId) => ({
        ...notices.to(personId, `${batchKey}:${personId}`, 'item_parked', {
          itemRef: itemReference(item.number, item.description),
          reason,
          campaignTitle: notices.title,
        }),
        urgency: 'escalation' as const,
      }));
      await dataSource.transaction(async (tx) => {
        await ledger.park(itemId, reason, tx);
        if (requests.length > 0) await notifications.enqueue(requests, batchKey, tx);
      });
      return {
        recipients: requests.length,
        batchKey,
        email: requests.length > 0 && notices.channels.includes('email'),
      };
    },

    async recordItemStep({ itemId, state, effects }) {
      const item = await ledger.findItem(itemId);
      if (!item) throw new DomainError('not_found', `ledger item ${itemId} is not registered`);
      const notices = await campaignNotices(readModel, state.campaignId);
      // Only a step that reaches people needs the organisation as it stands (most steps of a
      // quiet item are records alone).
      const reaches = effects.some((e) => e.kind !== 'record' && e.kind !== 'rule_making_task');
      const facts: RecipientFacts = reaches
        ? await recipientFacts(state)
        : { tree: new OrgTree([]), active: new Set(), inspectors: null, office: [] };
      const ref = itemReference(item.number, item.description);
      const common = { itemRef: ref, campaignTitle: notices.title };
      const requests: NotificationRequest[] = [];
      const reached = new Set<string>();
      const send = (
        effect: { key: string; recipients: readonly ResponsibilityRef[] },
        templateKey: string,
        params: NotificationRequest['params'],
        urgency: NotificationRequest['urgency'],
        exclude: readonly string[] = [],
      ) => {
        const people = resolveRecipients(state, effect.recipients, facts, exclude);
        for (const person of people) {
          reached.add(person.personId);
          requests.push({
            ...notices.to(person.personId, `${effect.key}:${person.personId}`, templateKey, {
              ...common,
              ...params,
            }),
            urgency,
          });
        }
        return people;
      };
      const request = (name: ItemRequest) => ({ request: LABELS.itemRequest[name] });
      const unitId = state.assignment?.responsibleUnitId ?? state.unitId;
      const batchKey = `item-${itemId}-${state.seq}`;
      /** Who the decision taken in this step held to account: the register names them. */
      let decidedAccountable: string[] | null = null;

      await dataSource.transaction(async (tx) => {
        await ledger.applyStep(state, effects, tx);
        for (const effect of effects) {
          const entry = {
            key: effect.key,
            itemId,
            campaignId: state.campaignId,
            unitId,
            at: effect.at,
            rehearsal: item.rehearsal,
            accountable: [] as string[],
            level: null,
            reason: null,
            respondBy: null,
          };
          switch (effect.kind) {
            case 'record':
              break;
            case 'rule_making_task':
              // A loophole found in a case becomes a proposed rule-making task (建章立制) of the
              // item's unit, once per summary (keyed by the effect), for the office to define.
              await ruleTasks.propose(
                {
                  originKey: effect.key,
                  campaignId: state.campaignId,
                  unitId: item.unitId,
                  itemId,
                  loopholeTag: effect.loopholeTag,
                  summaryId: effect.summaryId,
                },
                tx,
              );
              break;
            case 'notice':
              send(effect, 'item_notice', { topic: LABELS.noticeTopic[effect.topic] }, 'reminder');
              break;
            case 'reminder': {
              const people = send(
                effect,
                'item_reminder',
                { deadline: effect.deadline, timeLeft: effect.offset },
                'reminder',
              );
              await ledger.registerEntry(
                {
                  ...entry,
                  kind: 'reminder',
                  rung: 'reminder',
                  recipients: people,
                  respondBy: effect.deadline,
                },
                tx,
              );
              break;
            }
            case 'warning': {
              const people = send(
                effect,
                'item_warning',
                {
                  level: LABELS.warningLevel[effect.level],
                  reason: LABELS.escalationReason[effect.reason],
                },
                'escalation',
              );
              await ledger.registerEntry(
                {
                  ...entry,
                  kind: 'warning',
                  rung: 'warning',
                  level: effect.level,
                  reason: effect.reason,
                  recipients: people,
                },
                tx,
              );
              break;
            }
            case 'rung': {
              const people = send(
                effect,
                'item_rung',
                {
                  rung: LABELS.escalationRung[effect.rung],
                  reason: LABELS.escalationReason[effect.reason],
                },
                'escalation',
              );
              const accountable =
                decidedAccountable ??
                (effect.accountable
                  ? resolveRecipients(state, effect.accountable, facts).map((p) => p.personId)
                  : []);
              await ledger.registerEntry(
                {
                  ...entry,
                  kind: 'rung',
                  rung: effect.rung,
                  level: 'red',
                  reason: effect.reason,
                  recipients: people,
                  accountable,
                  respondBy: effect.respondBy ?? null,
                },
                tx,
              );
              break;
            }
            case 'extension_unanswered': {
              const people = send(
                effect,
                'item_request',
                request('extension_unanswered'),
                'escalation',
              );
              await ledger.registerEntry(
                {
                  ...entry,
                  kind: 'extension_unanswered',
                  rung: 'extension_unanswered',
                  reason: 'extension_unanswered',
                  recipients: people,
                  respondBy: effect.decideBy,
                },
                tx,
              );
              break;
            }
            case 'look_back_request':
              send(effect, 'item_request', request('look_back'), 'reminder', [
                ...effect.excludePersonIds,
                ...conflictedPersonIds(state),
              ]);
              break;
            case 'review_request':
              send(effect, 'item_request', request('periodic_review'), 'reminder', [
                ...effect.excludePersonIds,
                ...conflictedPersonIds(state),
              ]);
              break;
            case 'summary_request':
              send(effect, 'item_request', request('summary'), 'reminder');
              break;
            case 'decision_opened': {
              const seat = await desk(facts, unitId, effect.role, effect.levelsUp);
              const candidates: DecisionCandidate[] = [];
              for (const candidate of effect.candidates ?? []) {
                for (const person of resolveRecipients(state, [candidate.ref], facts)) {
                  if (candidates.some((c) => c.personId === person.personId)) continue;
                  candidates.push({
                    personId: person.personId,
                    responsibility: candidate.responsibility,
                    levelsUp: 'levelsUp' in candidate.ref ? candidate.ref.levelsUp : 0,
                  });
                }
              }
              // Nobody decides on an item they answer for: they are left off the desk.
              const conflicted = new Set(conflictedPersonIds(state));
              const deskPersonIds = seat.personIds.filter((id) => !conflicted.has(id));
              await decisions.open(
                {
                  key: effect.key,
                  itemId,
                  campaignId: state.campaignId,
                  unitId,
                  deskUnitId: seat.unitId,
                  role: effect.role,
                  levelsUp: effect.levelsUp,
                  deskPersonIds,
                  rung: effect.rung,
                  step: effect.step,
                  steps: effect.steps,
                  reason: effect.reason,
                  openedAt: effect.at,
                  decideBy: effect.decideBy,
                  previousKey: effect.previousKey,
                  candidates,
                  rehearsal: item.rehearsal,
                },
                tx,
              );
              // A desk nobody sits at (the role granted nowhere at or above it) still climbs
              // at its limit; meanwhile the office hears of it, to grant the role.
              const told = deskPersonIds.length > 0 ? deskPersonIds : [...facts.office];
              if (deskPersonIds.length === 0) {
                logger.warn(
                  { itemId, rung: effect.rung, role: effect.role, levelsUp: effect.levelsUp },
                  'a decision on the ladder reached a desk nobody sits at; the office is told',
                );
              }
              for (const personId of told) {
                reached.add(personId);
                requests.push({
                  ...notices.to(personId, `${effect.key}:${personId}`, 'item_decision', {
                    ...common,
                    rung: LABELS.escalationRung[effect.rung],
                    reason: LABELS.escalationReason[effect.reason],
                    decideBy: effect.decideBy,
                  }),
                  urgency: 'escalation',
                });
              }
              break;
            }
            case 'decision_closed': {
              if (effect.status === 'issued' && effect.accountable) {
                decidedAccountable = effect.accountable.map((a) => a.personId);
              }
              await decisions.close(
                effect.decisionKey,
                {
                  status: effect.status,
                  at: effect.at,
                  by: effect.by,
                  reason: effect.reason,
                  ...(effect.until !== undefined ? { until: effect.until } : {}),
                  ...(effect.accountable ? { accountable: effect.accountable } : {}),
                  documentNumber: effect.documentNo ?? null,
                },
                tx,
              );
              break;
            }
          }
        }
        const pending = state.escalation.decision;
        if (
          pending &&
          effects.some(
            (e) =>
              e.kind === 'record' && 'event' in e.cause && e.cause.event.type === 'time_shifted',
          )
        ) {
          await decisions.reschedule(pending.key, pending.decideBy, pending.deferredUntil, tx);
        }
        if (requests.length > 0) await notifications.enqueue(requests, batchKey, tx);
      });
      return {
        recipients: reached.size,
        batchKey,
        email: requests.length > 0 && notices.channels.includes('email'),
      };
    },
  };
}
