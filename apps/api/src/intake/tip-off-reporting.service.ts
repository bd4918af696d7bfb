import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import {
  checkTipOffReporter,
  DomainError,
  type Language,
  RuleBrokenError,
  ThrottledError,
  type Violation,
  WrongStateError,
} from '@campaign/domain';
import { OrgRepository, TipOffRepository, type TipOffSummary } from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ConfidentialReads } from '../audit/confidential-reads.service.js';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../auth/passwords.js';
import { labelled } from '../common/labelled.js';
import { RateLimiter } from '../common/rate-limiter.js';
import {
  canonicalPassphrase,
  canonicalReceiptCode,
  newPassphrase,
  newReceiptCode,
} from './tip-off-codes.js';
import { TipOffNotices } from './tip-off-notices.js';
import type {
  SubmitTipOffDto,
  TipOffAdditionDto,
  TipOffFollowUpDto,
  TipOffFollowUpView,
  TipOffReceiptView,
  TipOffUnitListView,
} from './tip-offs.dto.js';

/** Wrong passphrases in a row that lock a receipt, and for how long (wall-clock time). */
export const FOLLOW_UP_MAX_FAILURES = 5;
export const FOLLOW_UP_LOCK_MS = 15 * 60 * 1000;

/** The one answer to every refused follow-up: it does not say what was wrong. */
const REFUSED = 'the receipt code or the passphrase is wrong, or the receipt is locked for a while';

/**
 * The reporter's side of tip-offs (监督举报), without an account: submitting one (anonymous or
 * named), the units the form offers, and following it with the receipt code and passphrase —
 * its status, the inspectors' answers, adding information. Nothing a reporter sends is logged or
 * echoed in an error; reads of sealed text on their side are audited like any other (with no
 * person behind them).
 */
@Injectable()
export class TipOffReportingService {
  constructor(
    private readonly tipOffs: TipOffRepository,
    private readonly org: OrgRepository,
    private readonly notices: TipOffNotices,
    private readonly reads: ConfidentialReads,
    private readonly dataSource: DataSource,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async submit(body: SubmitTipOffDto, client: string): Promise<TipOffReceiptView> {
    const unit = await this.org.findUnit(body.unitId);
    const violations: Violation[] = [];
    if (!unit) {
      violations.push({
        field: 'unitId',
        rule: 'unknown_unit',
        message: 'no such unit: choose one from GET /api/v1/tip-offs/units',
      });
    }
    violations.push(...checkTipOffReporter(body));
    if (!unit || violations.length > 0) {
      throw new RuleBrokenError('the tip-off cannot be received', violations);
    }
    const reporterName = body.reporter?.name ?? null;
    // Per client, counted before the work (the passphrase's argon2 hash, the notices): past the
    // limit nothing is stored and nobody is told.
    const { windowSeconds, maxPerClient } = this.config.limits.tipOffs;
    const attempt = await this.limiter.attempt([
      { key: this.limiter.key('tip-off-client', client), max: maxPerClient, windowSeconds },
    ]);
    if (attempt.exceeded.length > 0) {
      this.logger.info({ event: 'tip_off_throttled' }, 'tip-off refused: too many from one client');
      throw new ThrottledError(
        'too many tip-offs from this address: try again later',
        RateLimiter.retryAfter(attempt),
      );
    }

    const receiptCode = newReceiptCode();
    const passphrase = newPassphrase();
    const passphraseHash = await hashPassword(canonicalPassphrase(passphrase)!);
    const { tipOff, batchKey } = await this.dataSource.transaction(async (tx) => {
      const saved = await this.tipOffs.submit(
        {
          receiptCode,
          passphraseHash,
          unitId: unit.id,
          category: body.category,
          subjectName: body.subjectName,
          text: body.text,
          reporter: body.anonymous
            ? null
            : { name: reporterName!, phone: body.reporter?.phone ?? null },
          receivedAt: new Date(),
        },
        tx,
      );
      const key = await this.notices.enqueue(tx, {
        kind: 'tip_off_received',
        eventId: saved.id,
        tipOffId: saved.id,
        unitId: unit.id,
        unitName: unit.name,
        category: body.category,
      });
      return { tipOff: saved, batchKey: key };
    });
    await this.notices.deliver(batchKey);
    this.logger.info({ tipOffId: tipOff.id }, 'tip-off received');
    return { receiptCode, passphrase };
  }

  /** Every unit, for the form: names in the tree, nothing else (no codes, no people). */
  async units(): Promise<TipOffUnitListView> {
    const units = await this.org.listUnits({ all: true });
    return { items: units.map((u) => ({ id: u.id, name: u.name, parentId: u.parentId })) };
  }

  async followUp(
    body: TipOffFollowUpDto,
    requestId: string,
    language: Language,
  ): Promise<TipOffFollowUpView> {
    const tipOff = await this.authenticate(body);
    return this.followUpView(tipOff, requestId, language);
  }

  /** Seals what the reporter adds, tells the inspectors, answers the follow-up as it now stands. */
  async add(
    body: TipOffAdditionDto,
    requestId: string,
    language: Language,
  ): Promise<TipOffFollowUpView> {
    const tipOff = await this.authenticate(body);
    if (tipOff.status === 'not_pursued') {
      throw new WrongStateError(
        'this tip-off was closed without pursuing: send what you know as a new tip-off',
      );
    }
    const unit = await this.org.findUnit(tipOff.unitId);
    const batchKey = await this.dataSource.transaction(async (tx) => {
      const message = await this.tipOffs.addMessage(
        { tipOffId: tipOff.id, author: 'reporter', authorPersonId: null, text: body.text },
        tx,
      );
      return this.notices.enqueue(tx, {
        kind: 'tip_off_information_added',
        eventId: message.id,
        tipOffId: tipOff.id,
        unitId: tipOff.unitId,
        unitName: unit?.name ?? '',
        category: tipOff.category,
      });
    });
    await this.notices.deliver(batchKey);
    this.logger.info({ tipOffId: tipOff.id }, 'tip-off information added');
    return this.followUpView(tipOff, requestId, language);
  }

  /**
   * The receipt whose code and passphrase these are, or the one refusal for an unknown code, a
   * wrong passphrase and a locked receipt alike — each costing one argon2 check, so neither the
   * answer nor its time tells them apart. Every attempt is counted before it is checked; the
   * FOLLOW_UP_MAX_FAILURES-th wrong one in a row locks the receipt for FOLLOW_UP_LOCK_MS.
   */
  private async authenticate(body: TipOffFollowUpDto): Promise<TipOffSummary> {
    const code = canonicalReceiptCode(body.receiptCode);
    const passphrase = canonicalPassphrase(body.passphrase);
    const receipt = code === null ? null : await this.tipOffs.findReceipt(code);
    if (!receipt || !(await this.tipOffs.beginAttempt(receipt.id, FOLLOW_UP_MAX_FAILURES))) {
      await verifyPassword(UNKNOWN_USER_HASH, body.passphrase);
      this.logger.info({ event: 'tip_off_follow_up_refused' }, 'tip-off follow-up refused');
      throw new DomainError('unauthenticated', REFUSED);
    }
    // A passphrase that cannot be one is still checked (and fails), to cost the same.
    const right =
      (await verifyPassword(receipt.passphraseHash, passphrase ?? body.passphrase)) &&
      passphrase !== null;
    if (!right) {
      const locked = await this.tipOffs.attemptFailed(
        receipt.id,
        FOLLOW_UP_MAX_FAILURES,
        FOLLOW_UP_LOCK_MS,
      );
      this.logger.info(
        { event: 'tip_off_follow_up_refused', tipOffId: receipt.id, locked },
        'tip-off follow-up refused',
      );
      throw new DomainError('unauthenticated', REFUSED);
    }
    await this.tipOffs.attemptSucceeded(receipt.id);
    return (await this.tipOffs.find(receipt.id))!;
  }

  /** The status and the inspectors' answers (a read of sealed text: audited first). */
  private async followUpView(
    tipOff: TipOffSummary,
    requestId: string,
    language: Language,
  ): Promise<TipOffFollowUpView> {
    await this.reads.record(null, requestId, [
      {
        what: 'tip_off',
        subjectType: 'tip_off',
        subjectId: tipOff.id,
        details: { by: 'reporter', purpose: 'follow_up' },
      },
    ]);
    const answers = await this.tipOffs.openMessages(tipOff.id, 'inspector');
    const additions = (await this.tipOffs.messages(tipOff.id)).filter(
      (m) => m.author === 'reporter',
    );
    return {
      status: labelled('tipOffStatus', tipOff.status, language),
      receivedAt: tipOff.receivedAt.toISOString(),
      handledAt: tipOff.handledAt?.toISOString() ?? null,
      answers: answers.map((a) => ({ at: a.createdAt.toISOString(), text: a.text })),
      additions: additions.map((a) => ({ at: a.createdAt.toISOString() })),
    };
  }
}
