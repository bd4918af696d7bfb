import type { Language } from '../labels.js';

/**
 * How a parameter is rendered:
 * - `text`: a string, or a localised value `{ 'zh-CN', en }` (a phase or holiday name);
 * - `number`: as written;
 * - `percent`: a number of per cent (90 → 90%);
 * - `datetime`: an instant (ISO-8601 with an offset, or epoch ms), shown in Asia/Shanghai;
 * - `date`: a calendar day (`YYYY-MM-DD`, or an instant taken in Asia/Shanghai);
 * - `duration`: an ISO-8601 duration (`P3D`) or milliseconds, as "3天" / "3 days".
 */
export type NotificationParamKind =
  'text' | 'number' | 'percent' | 'datetime' | 'date' | 'duration';

/** One message in every language, with `{param}` placeholders. */
export interface NotificationTemplate {
  /** Every parameter the texts use, and how it is rendered. */
  params: Record<string, NotificationParamKind>;
  /** Short description for people maintaining the catalogue. */
  description: string;
  text: Record<Language, { subject: string; body: string }>;
}

/**
 * The one catalogue of notification texts, keyed by template key. Notifications store the key and
 * its parameters, never rendered text, so each person reads them in their own language when they
 * are sent or listed. Other contexts (tasks, gates, the ledger's escalation rungs) add theirs here.
 */
export const NOTIFICATION_TEMPLATES = {
  task_reminder: {
    description: 'Before a task deadline, to whoever owes the task',
    params: { taskName: 'text', campaignTitle: 'text', dueAt: 'datetime', timeLeft: 'duration' },
    text: {
      'zh-CN': {
        subject: '【任务提醒】“{taskName}”还有{timeLeft}到期',
        body:
          '您在“{campaignTitle}”中的任务“{taskName}”将于{dueAt}到期（剩余{timeLeft}）。' +
          '请按时完成；需要提交佐证材料的，请一并上传。',
      },
      en: {
        subject: 'Reminder: "{taskName}" is due in {timeLeft}',
        body:
          'Your task "{taskName}" in "{campaignTitle}" is due on {dueAt} ({timeLeft} left). ' +
          'Please complete it on time, with its evidence where it asks for some.',
      },
    },
  },
  gate_below: {
    description: "At a phase's end, to a unit that did not reach the phase gate",
    params: {
      unitName: 'text',
      phaseName: 'text',
      campaignTitle: 'text',
      completionRate: 'percent',
      threshold: 'percent',
    },
    text: {
      'zh-CN': {
        subject: '【阶段把关】{unitName}未达到“{phaseName}”阶段要求',
        body:
          '“{campaignTitle}”“{phaseName}”阶段结束时，{unitName}必做事项完成率为{completionRate}，' +
          '低于{threshold}的阶段要求。请抓紧组织补学补做，并向活动办报告。',
      },
      en: {
        subject: '{unitName} is below the gate of the phase "{phaseName}"',
        body:
          'When the phase "{phaseName}" of "{campaignTitle}" ended, {unitName} had completed ' +
          '{completionRate} of its required items, below the required {threshold}. Please catch ' +
          'up on the missing items and report to the campaign office.',
      },
    },
  },
  gate_hold: {
    description:
      "At a phase's end whose gate holds (时间服从质量), to the office of the campaign's issuing unit",
    params: {
      phaseName: 'text',
      campaignTitle: 'text',
      unitsBelow: 'number',
      unitsTotal: 'number',
      threshold: 'percent',
      shortfalls: 'text',
      campaignId: 'text',
    },
    text: {
      'zh-CN': {
        subject: '【阶段把关】“{campaignTitle}”“{phaseName}”阶段未通过把关，待活动办决定',
        body:
          '“{campaignTitle}”“{phaseName}”阶段结束时，共{unitsTotal}个单位中有{unitsBelow}个' +
          '未达到阶段把关要求（必做事项完成率不低于{threshold}）：{shortfalls}。' +
          '按照“时间服从质量”的要求，活动停留在本阶段，下一阶段暂不开启。请活动办研究决定：' +
          '督促上述单位补学补做；确需转入下一阶段的，须作出推进决定并写明理由' +
          '（POST /api/v1/campaigns/{campaignId}/advance）。',
      },
      en: {
        subject:
          'Held at the gate: the phase "{phaseName}" of "{campaignTitle}" awaits your decision',
        body:
          'When the phase "{phaseName}" of "{campaignTitle}" ended, {unitsBelow} of ' +
          '{unitsTotal} units had not met its gate (at least {threshold} of the required items ' +
          'done): {shortfalls}. Time yields to quality: the campaign stays in this phase and the ' +
          'next one does not open until the campaign office decides. Have these units catch up; ' +
          'to go on regardless, record the decision to advance with its reason ' +
          '(POST /api/v1/campaigns/{campaignId}/advance).',
      },
    },
  },
  analysis_produced: {
    description:
      'When a half-year analysis (半年分析, 年中查账) is produced, to the issuing office and the supervisors over the campaign',
    params: {
      campaignTitle: 'text',
      periodLabel: 'text',
      periodEnd: 'date',
      total: 'number',
      new: 'number',
      closed: 'number',
      inProgress: 'number',
      overdue: 'number',
      escalated: 'number',
      named: 'number',
      campaignId: 'text',
    },
    text: {
      'zh-CN': {
        subject: '【半年分析】“{campaignTitle}”{periodLabel}分析已形成',
        body:
          '“{campaignTitle}”{periodLabel}半年分析（年中查账）已形成。截至{periodEnd}，问题清单累计' +
          '{total}项（本期新增{new}项），已销号{closed}项，整改中{inProgress}项，逾期未改{overdue}项，' +
          '升级督办{escalated}项；点名通报问题{named}项。请查阅分析' +
          '（GET /api/v1/campaigns/{campaignId}/analyses；导出的整改台账另有“半年分析”工作表），' +
          '对逾期未改和升级督办的问题逐项督促整改到位。',
      },
      en: {
        subject: 'The half-year analysis of "{campaignTitle}" for {periodLabel} is ready',
        body:
          'The half-year analysis (the mid-year check of the ledger) of "{campaignTitle}" for ' +
          '{periodLabel} is ready. As of {periodEnd} the problem list holds {total} items ({new} ' +
          'new in the period): {closed} closed, {inProgress} being rectified, {overdue} overdue, ' +
          '{escalated} escalated; {named} items are named. Read it (GET ' +
          '/api/v1/campaigns/{campaignId}/analyses; the exported ledger has a sheet of its own ' +
          'for it) and press for every overdue and escalated item.',
      },
    },
  },
  holiday_integrity: {
    description: 'Some working days before a public holiday, to everyone in a running campaign',
    params: { holidayName: 'text', holidayStartsOn: 'date', campaignTitle: 'text' },
    text: {
      'zh-CN': {
        subject: '【廉洁提醒】{holidayName}将至，请严守纪律规矩',
        body:
          '{holidayName}假期自{holidayStartsOn}开始。“{campaignTitle}”正在进行，请严格落实中央八项规定' +
          '及其实施细则精神：不收受礼品礼金，不违规吃喝，不公车私用，不酒驾醉驾，过一个廉洁、平安的节日。',
      },
      en: {
        subject: 'Integrity reminder: {holidayName} is coming',
        body:
          'The {holidayName} holiday begins on {holidayStartsOn}. While "{campaignTitle}" is ' +
          'under way, keep strictly to the eight-point rules: accept no gifts or cash, no improper ' +
          'banquets, no private use of official cars, no drink-driving. Have a clean and safe holiday.',
      },
    },
  },
  item_notice: {
    description: 'A ledger item moved: who must act next (assigned, submitted, sent back, closed…)',
    params: { topic: 'text', itemRef: 'text', campaignTitle: 'text' },
    text: {
      'zh-CN': {
        subject: '【整改台账】{topic}：{itemRef}',
        body: '“{campaignTitle}”整改台账{itemRef}：{topic}。请登录系统查看并办理。',
      },
      en: {
        subject: 'Rectification ledger: {topic}: {itemRef}',
        body:
          'The rectification ledger of "{campaignTitle}", {itemRef}: {topic}. ' +
          'Sign in to see it and act on it.',
      },
    },
  },
  item_reminder: {
    description: "Before a ledger item's deadline, to its responsible person",
    params: { itemRef: 'text', deadline: 'datetime', timeLeft: 'duration', campaignTitle: 'text' },
    text: {
      'zh-CN': {
        subject: '【整改提醒】{itemRef}还有{timeLeft}到期',
        body:
          '“{campaignTitle}”整改台账中由您负责的{itemRef}，整改时限为{deadline}（剩余{timeLeft}）。' +
          '请按时完成整改，上传佐证材料并申请销号。',
      },
      en: {
        subject: 'Reminder: {itemRef} is due in {timeLeft}',
        body:
          'The {itemRef} you are responsible for in the ledger of "{campaignTitle}" is ' +
          'due on {deadline} ({timeLeft} left). Please finish it, upload the evidence and submit it.',
      },
    },
  },
  item_warning: {
    description: 'A yellow or red warning (黄色、红色预警) on a ledger item',
    params: { level: 'text', reason: 'text', itemRef: 'text', campaignTitle: 'text' },
    text: {
      'zh-CN': {
        subject: '【{level}预警】{itemRef}（{reason}）',
        body:
          '“{campaignTitle}”整改台账{itemRef}因{reason}，现予{level}预警。' +
          '请立即推进整改并报告进展；仍不整改的，将逐级升级督办，直至问责。',
      },
      en: {
        subject: '{level} warning: {itemRef} ({reason})',
        body:
          'The ledger of "{campaignTitle}", {itemRef}, has a {level} warning: ' +
          '{reason}. Act on it now and report progress; left as it is, it climbs rung by rung ' +
          'to accountability.',
      },
    },
  },
  item_rung: {
    description: 'A ledger item climbed a rung of the escalation ladder (通报 … 问责)',
    params: { rung: 'text', reason: 'text', itemRef: 'text', campaignTitle: 'text' },
    text: {
      'zh-CN': {
        subject: '【{rung}】{itemRef}',
        body:
          '“{campaignTitle}”整改台账{itemRef}因{reason}，升级为“{rung}”。' +
          '请有关责任人按要求落实，并在系统中报告整改情况。',
      },
      en: {
        subject: '{rung}: {itemRef}',
        body:
          'The ledger of "{campaignTitle}", {itemRef}, has climbed to "{rung}" ' +
          '({reason}). Those responsible must act as required and report in the system.',
      },
    },
  },
  item_decision: {
    description: 'A rung of the ladder awaits a desk’s decision (督办单、约谈、派驻督导、问责)',
    params: {
      rung: 'text',
      reason: 'text',
      decideBy: 'datetime',
      itemRef: 'text',
      campaignTitle: 'text',
    },
    text: {
      'zh-CN': {
        subject: '【待决定】{rung}：{itemRef}',
        body:
          '“{campaignTitle}”整改台账{itemRef}因{reason}，拟予“{rung}”，请于{decideBy}前作出决定' +
          '（决定实施、暂缓或不予实施，均须说明理由）；逾时未作决定的，提交上一级决定。',
      },
      en: {
        subject: 'Awaiting your decision: {rung}, {itemRef}',
        body:
          'The ledger of "{campaignTitle}", {itemRef}, is proposed for "{rung}" ({reason}). ' +
          'Decide by {decideBy} — issue, defer or decline, each with a reason; left undecided, ' +
          'it goes to the level above.',
      },
    },
  },
  item_request: {
    description: 'An inspector or the responsible person is asked to do something on an item',
    params: { request: 'text', itemRef: 'text', campaignTitle: 'text' },
    text: {
      'zh-CN': {
        subject: '【整改台账】{request}：{itemRef}',
        body: '“{campaignTitle}”整改台账{itemRef}，请您{request}。请登录系统办理。',
      },
      en: {
        subject: 'Rectification ledger: {request}: {itemRef}',
        body: 'The ledger of "{campaignTitle}", {itemRef}, needs you to {request}. Sign in to do it.',
      },
    },
  },
  item_parked: {
    description:
      "A ledger item's step could not be recorded for good: the item waits until the office retries it",
    params: { itemRef: 'text', reason: 'text', campaignTitle: 'text' },
    text: {
      'zh-CN': {
        subject: '【整改台账】暂停待处理：{itemRef}',
        body:
          '“{campaignTitle}”整改台账{itemRef}有一步未能记录（{reason}），该问题的提醒和' +
          '升级已暂停，状态未变。请联系系统管理员处理后，在系统中对该问题点击“重试”。',
      },
      en: {
        subject: 'Rectification ledger: on hold: {itemRef}',
        body:
          'A step of {itemRef} of the ledger of "{campaignTitle}" could not be ' +
          'recorded ({reason}); its reminders and escalation are on hold and its state is ' +
          'unchanged. Ask your system administrator to fix it, then retry the item.',
      },
    },
  },
  concealment_flagged: {
    description:
      'A problem contradicts a "nothing to report" in the person\'s six clarifications: to the inspectors (names no one)',
    params: { itemRef: 'text', clarification: 'text', unitName: 'text', campaignTitle: 'text' },
    text: {
      'zh-CN': {
        subject: '【疑似未如实讲清】{itemRef}',
        body:
          '“{campaignTitle}”中，{unitName}一名人员的{itemRef}，与其“六个讲清”中“{clarification}”' +
          '一项所作“无需说明”不符，疑似未如实讲清。请登录系统核实，认定或排除，并写明理由。',
      },
      en: {
        subject: 'Suspected concealment: {itemRef}',
        body:
          'In "{campaignTitle}", the {itemRef} of a person in {unitName} contradicts the ' +
          '"nothing to report" they gave for "{clarification}" in their six clarifications. Sign ' +
          'in to review it, and confirm or dismiss the flag with your reason.',
      },
    },
  },
  // Tip-offs: the inspectors hear that one came in (or grew), never whom it is about, what it
  // says or who sent it: those are read in the system, where every read is audited.
  tip_off_received: {
    description:
      'A tip-off came in about a unit: to its nearest inspectors (the unit and category only)',
    params: { unitName: 'text', category: 'text' },
    text: {
      'zh-CN': {
        subject: '【监督举报】{unitName}收到一件新的举报',
        body:
          '收到一件涉及{unitName}的监督举报，问题类别为“{category}”。请登录系统查阅并及时处理；' +
          '举报内容和举报人信息只在系统内查阅，请注意保密。',
      },
      en: {
        subject: 'Tip-off received about {unitName}',
        body:
          'A tip-off about {unitName} has come in, in the category "{category}". Sign in to read ' +
          'and handle it; its content and reporter are read in the system only. Keep it confidential.',
      },
    },
  },
  // A burst: further tip-offs before the first one's mail went out join its notice, which then
  // says how many (across the inspector's units), and nothing else about any of them.
  tip_offs_received: {
    description:
      'Several tip-offs came in before the notice of the first was sent: one notice with their number',
    params: { count: 'number' },
    text: {
      'zh-CN': {
        subject: '【监督举报】收到{count}件新的举报',
        body:
          '您负责的单位近期收到{count}件新的监督举报。请登录系统查阅并及时处理；' +
          '举报内容和举报人信息只在系统内查阅，请注意保密。',
      },
      en: {
        subject: '{count} new tip-offs received',
        body:
          '{count} new tip-offs have come in about units you oversee. Sign in to read and handle ' +
          'them; their content and reporters are read in the system only. Keep them confidential.',
      },
    },
  },
  tip_off_information_added: {
    description:
      'The reporter of a tip-off added information: to the inspectors nearest its unit (the unit and category only)',
    params: { unitName: 'text', category: 'text' },
    text: {
      'zh-CN': {
        subject: '【监督举报】涉及{unitName}的举报有补充材料',
        body:
          '涉及{unitName}、问题类别为“{category}”的一件监督举报，举报人补充了材料。请登录系统查阅；' +
          '请注意保密。',
      },
      en: {
        subject: 'A tip-off about {unitName} has new information',
        body:
          'The reporter of a tip-off about {unitName} in the category "{category}" has added ' +
          'information. Sign in to read it, and keep it confidential.',
      },
    },
  },
  problem_reported_back: {
    description:
      "A lower unit's office reported back on a problem handed down to it: to the finding unit's office (names no one)",
    params: { itemRef: 'text', unitName: 'text', campaignTitle: 'text' },
    text: {
      'zh-CN': {
        subject: '【整改情况上报】{itemRef}',
        body:
          '“{campaignTitle}”中交{unitName}整改的{itemRef}，下级活动办已上报整改结果和处理意见。' +
          '请登录系统查阅。',
      },
      en: {
        subject: 'Reported back: {itemRef}',
        body:
          'In "{campaignTitle}", the office below has reported the result and handling of the ' +
          '{itemRef} handed down to {unitName}. Sign in to read it.',
      },
    },
  },
  digest: {
    description: 'The daily mail (08:00 Asia/Shanghai) of those who chose a digest of reminders',
    params: { date: 'date', count: 'number', items: 'text' },
    text: {
      'zh-CN': {
        subject: '【每日提醒】{date}，您有{count}条提醒',
        body: '您好！以下是截至{date}的{count}条提醒：\n\n{items}\n\n请登录系统查看详情。',
      },
      en: {
        subject: 'Your daily reminders for {date} ({count})',
        body:
          'Hello, here are your {count} reminders as of {date}:\n\n{items}\n\n' +
          'Sign in to see the details.',
      },
    },
  },
} satisfies Record<string, NotificationTemplate>;

export type NotificationTemplateKey = keyof typeof NOTIFICATION_TEMPLATES;
