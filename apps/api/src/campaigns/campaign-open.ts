import { WrongStateError } from '@campaign/domain';

const ENDED = ['completed', 'cancelled'];

/** 409 once a campaign has ended (completed or cancelled): it takes no more work. */
export function refuseEnded(campaign: { status: string }): void {
  if (ENDED.includes(campaign.status)) {
    throw new WrongStateError(`the campaign is ${campaign.status}`);
  }
}

/**
 * 409 unless the campaign can take ledger items: still running, and launched with a plan (whose
 * frozen policy the items' workflows run on).
 */
export function refuseWithoutLedger<C extends { status: string; plan: unknown }>(
  campaign: C,
): asserts campaign is C & { plan: NonNullable<C['plan']> } {
  refuseEnded(campaign);
  if (!campaign.plan) {
    throw new WrongStateError('this campaign was launched before plans existed: it has no ledger');
  }
}
