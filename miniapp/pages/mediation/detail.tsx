/**
 * One mediation booking (调解预约) as its applicant sees it: the status in plain words, the
 * room, the time, what to bring, the other party's answer; 改约 and 取消 while it is upcoming;
 * after a success the agreement's main terms and the 30-day 司法确认 countdown with the joint
 * application; after a failure the routes left.
 */
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { useRef, useState } from 'react';
import type { AppError } from '../../../shared/kernel/errors';
import { allowedActions } from '../../../shared/machine/machine';
import { bookingMachine } from '../../../shared/mediation/booking.machine';
import type { Slot } from '../../../shared/mediation/mediation.schema';
import { CallView } from '../../components/CallView';
import { Choices } from '../../components/Choices';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { Timeline } from '../../components/Timeline';
import { daysUntil, formatDay, formatTime } from '../../lib/format';
import { go, param } from '../../lib/nav';
import { api } from '../../services/api';
import { isNetworkError } from '../../services/errors';
import { submit } from '../../services/outbox';
import { newRequestId } from '../../services/request-id';
import { useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type { BookingView, ListSlotsReply } from '../../services/views';
import { Button } from '../../ui';
import './detail.scss';
import { chinaToday } from '../../../shared/calendar/china-time';
import { addCalendarDays } from '../../../shared/calendar/working-days';

dayjs.extend(utc);

/** What each status means for the villager, and what happens next. */
const STATUS_WORDS: Readonly<Record<BookingView['status'], string>> = {
  requested: '调解员正在问对方愿不愿意调解。对方同意后预约才算确认，到时会通知您。',
  confirmed: '对方已经同意调解，请按时到调解室。调解前一天会提醒您。',
  refused:
    '对方不同意调解。调解是自愿的，不能强迫。您还可以找上一级调解组织、到法院起诉，或者申请法律援助。',
  cancelled: '这次调解预约已经取消了。',
  no_show: '约好的时间有人没有到场，这次调解没有进行。需要的话可以重新预约。',
  succeeded: '调解成功，双方签了人民调解协议书。请按协议履行。',
  failed: '这次没有调解成。下面是您还可以走的路。',
  withdrawn: '有一方退出了调解，调解已终止。',
};

type CancelReason = 'settled' | 'busy' | 'unwilling' | 'mistake' | 'other';
const CANCEL_REASONS: readonly { value: CancelReason; label: string; text: string }[] = [
  { value: 'settled', label: '已经和对方说好了', text: '已经和对方说好了，不用调解了' },
  { value: 'busy', label: '这个时间去不了', text: '这个时间去不了' },
  { value: 'unwilling', label: '不想调解了', text: '不想调解了' },
  { value: 'mistake', label: '约错了', text: '约错了' },
  { value: 'other', label: '其他原因', text: '其他原因' },
];

const SLOT_DAYS = 30;

type Panel = 'none' | 'reschedule' | 'cancel' | 'confirmation' | 'rebook';

export default function MediationDetail() {
  const [bookingId] = useState(() => param('id'));
  const me = useMe();
  const { state, reload } = useCall<BookingView>(
    'mediation',
    'get',
    bookingId ? { bookingId } : null,
  );
  const [panel, setPanel] = useState<Panel>('none');
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const shown = useRef(false);
  useDidShow(() => {
    // Coming back to the page: the mediator may have recorded something meanwhile.
    if (shown.current) void reload();
    shown.current = true;
  });

  if (!bookingId) {
    return (
      <Screen title="调解预约">
        <Section>
          <Text className="t-body">没有找到这次预约，请从「我的」里再点开。</Text>
        </Section>
      </Screen>
    );
  }

  const roles = me.status === 'signedIn' ? me.me.roles.map((r) => r.code) : [];

  return (
    <Screen title="调解预约" className="bd">
      <CallView state={state} onRetry={() => void reload()}>
        {(view) => {
          const allowed = allowedActions(bookingMachine, view.status, roles);
          const done = async (text: string) => {
            setPanel('none');
            setMessage({ text, ok: true });
            await reload();
          };
          return (
            <View>
              {message ? (
                <View
                  id="booking-message"
                  className={`bd-message${message.ok ? ' bd-message--ok' : ''}`}
                >
                  <Text className="t-body">{message.text}</Text>
                </View>
              ) : null}

              <Section>
                <Text className="t-small muted">{view.disputeTypeLabel}</Text>
                <Text id="booking-status" className={`t-hero bd-status bd-status--${view.status}`}>
                  {view.statusLabel}
                </Text>
                <Text className="t-body">{STATUS_WORDS[view.status]}</Text>
                {view.target && view.status !== 'requested' ? (
                  <Text className="t-small muted">
                    调解一般在一个月内完成（{formatDay(view.target.dueAt)}前）。
                  </Text>
                ) : null}
              </Section>

              <Section title="时间和地点">
                <Text className="t-title" id="booking-time">
                  {formatDay(view.slot.start)} {formatTime(view.slot.start)}–
                  {formatTime(view.slot.end)}
                </Text>
                <Text className="t-body">{view.room.name}</Text>
                <Text className="t-body muted">地点：{view.room.address}</Text>
                {view.room.phone ? (
                  <Text className="t-body muted">电话：{view.room.phone}</Text>
                ) : null}
                {view.rescheduleCount > 0 ? (
                  <Text className="t-small muted">已改过 {view.rescheduleCount} 次时间</Text>
                ) : null}
              </Section>

              {(view.status === 'requested' || view.status === 'confirmed') && (
                <Section title="去的时候请带上">
                  <View className="bd-list">
                    <Text className="t-body">· 身份证（或户口本）</Text>
                    <Text className="t-body">
                      · 和这件事有关的东西：借条、合同、收据、照片、聊天记录等
                    </Text>
                    <Text className="t-body">· 如果请别人代您来，带上您写的委托书</Text>
                  </View>
                  <Text className="t-small muted">
                    有事去不了，请提前改约或取消，别让对方白跑一趟。
                  </Text>
                </Section>
              )}

              <Section title="当事人">
                <View className="bd-party">
                  <Text className="t-body">申请人：{view.applicant.name}</Text>
                  <Text className="t-small muted">{view.applicant.phone}</Text>
                </View>
                {view.parties.map((party, i) => (
                  <View key={`${party.name}-${i}`} className="bd-party" id={`party-${i}`}>
                    <Text className="t-body">
                      对方：{party.name}
                      {party.relation ? `（${party.relation}）` : ''}
                    </Text>
                    <Text
                      className={`t-body ${party.consent === 'agreed' ? 'ok' : party.consent === 'refused' ? 'danger' : 'warn'}`}
                    >
                      {party.consentLabel}
                    </Text>
                  </View>
                ))}
                <Text className="t-small muted">您填写的情况：{view.summary}</Text>
              </Section>

              {view.cancellation ? (
                <Section title="取消原因">
                  <Text className="t-body">{view.cancellation.reason}</Text>
                </Section>
              ) : null}

              {view.outcome?.result === 'success' && <AgreementCard view={view} />}
              {view.status === 'succeeded' && (
                <ConfirmationCard
                  view={view}
                  canRequest={roles.some(
                    (r) => r === 'villager' || r === 'mediator' || r === 'center_operator',
                  )}
                  open={panel === 'confirmation'}
                  onOpen={() => setPanel(panel === 'confirmation' ? 'none' : 'confirmation')}
                  onDone={() => void done('已申请司法确认。法院会通知双方，请留意电话和短信。')}
                />
              )}
              {view.outcome?.result === 'failure' && (
                <Section title="还可以怎么办">
                  {view.outcome.referredToCourt ? (
                    <Text className="t-body">司法所已经把这件事移交法庭，法庭会联系您。</Text>
                  ) : null}
                  <View className="stack" id="routes-left">
                    {view.outcome.routesLeft.map((route) => (
                      <View key={route.code} className="bd-route">
                        <Text className="t-label">{route.label}</Text>
                        <Text className="t-body muted">{route.explanation}</Text>
                      </View>
                    ))}
                  </View>
                  {view.outcome.note ? (
                    <Text className="t-small muted">调解员说明：{view.outcome.note}</Text>
                  ) : null}
                </Section>
              )}
              {view.outcome?.result === 'withdrawn' && (
                <Section title="调解终止">
                  <Text className="t-body">{view.outcome.withdrawnBy}退出了调解。</Text>
                  <Text className="t-small muted">{view.outcome.note}</Text>
                </Section>
              )}
              {view.followUp.noShow !== null && (
                <Section title="这次调解没有进行">
                  <Text className="t-body" id="no-show-words">
                    {view.followUp.noShow.whoLabel}没有到场
                    {view.followUp.noShow.note ? `：${view.followUp.noShow.note}` : ''}。
                  </Text>
                  {view.followUp.rebookedAs !== null ? (
                    <Text
                      className="t-body bd-link"
                      onClick={() => go('mediationDetail', { id: view.followUp.rebookedAs ?? '' })}
                    >
                      已经重新预约了，点这里看新的预约
                    </Text>
                  ) : null}
                  {view.followUp.canRebook && panel !== 'rebook' && (
                    <Button
                      id="booking-rebook"
                      className="btn btn-block"
                      type="primary"
                      onClick={() => {
                        setMessage(null);
                        setPanel('rebook');
                      }}
                    >
                      重新预约（不用重填）
                    </Button>
                  )}
                  {panel === 'rebook' && (
                    <ReschedulePanel
                      view={view}
                      rebook
                      onDone={() => undefined}
                      onClose={() => setPanel('none')}
                    />
                  )}
                </Section>
              )}
              {view.status === 'refused' && (
                <Section title="还可以怎么办">
                  <Text className="t-body">· 请上一级调解组织（新村调委会、镇调委会）再调解</Text>
                  <Text className="t-body">· 到人民法庭起诉</Text>
                  <Text className="t-body">· 生活困难的，可以申请免费的法律援助</Text>
                </Section>
              )}

              {(allowed.includes('reschedule') || allowed.includes('cancel')) && (
                <View className="actions no-print">
                  {allowed.includes('reschedule') && (
                    <Button
                      id="booking-reschedule"
                      className="btn btn-block"
                      type="primary"
                      fill={panel === 'reschedule' ? 'solid' : 'outline'}
                      onClick={() => {
                        setMessage(null);
                        setPanel(panel === 'reschedule' ? 'none' : 'reschedule');
                      }}
                    >
                      改约（换个时间）
                    </Button>
                  )}
                  {panel === 'reschedule' && (
                    <ReschedulePanel
                      view={view}
                      onDone={() => void done('已改好时间，我们也告诉了调解员和对方。')}
                      onClose={() => setPanel('none')}
                    />
                  )}
                  {allowed.includes('cancel') && (
                    <Button
                      id="booking-cancel"
                      className="btn btn-block"
                      fill="outline"
                      onClick={() => {
                        setMessage(null);
                        setPanel(panel === 'cancel' ? 'none' : 'cancel');
                      }}
                    >
                      取消预约
                    </Button>
                  )}
                  {panel === 'cancel' && (
                    <CancelPanel
                      view={view}
                      onDone={() => void done('预约已取消，调解员和对方也会收到通知。')}
                      onClose={() => setPanel('none')}
                    />
                  )}
                </View>
              )}

              <Section>
                <Text className="t-small muted">{view.notice}</Text>
              </Section>

              {view.timeline && view.timeline.length > 0 ? (
                <Section title="办理经过">
                  <Timeline
                    entries={view.timeline.map((e) => ({ at: e.at, label: e.label, note: e.note }))}
                  />
                </Section>
              ) : null}

              {view.concernId ? (
                <Text
                  className="t-body bd-link no-print"
                  onClick={() => go('concernDetail', { id: view.concernId ?? '' })}
                >
                  看看这件事原来的说事记录
                </Text>
              ) : null}
            </View>
          );
        }}
      </CallView>
    </Screen>
  );
}

function AgreementCard({ view }: { readonly view: BookingView }) {
  if (view.outcome?.result !== 'success') return null;
  const a = view.outcome.agreement;
  return (
    <Section title="人民调解协议书（主要内容）">
      {a.number ? <Text className="t-small muted">编号：{a.number}</Text> : null}
      <View className="bd-list" id="agreement-terms">
        {a.terms.map((term, i) => (
          <Text key={i} className="t-body">
            {i + 1}. {term}
          </Text>
        ))}
      </View>
      {a.performance.method || a.performance.place || a.performance.deadline ? (
        <View className="bd-list">
          {a.performance.method ? (
            <Text className="t-body">怎么履行：{a.performance.method}</Text>
          ) : null}
          {a.performance.place ? (
            <Text className="t-body">在哪里履行：{a.performance.place}</Text>
          ) : null}
          {a.performance.deadline ? (
            <Text className="t-body">履行期限：{formatDay(a.performance.deadline)}前</Text>
          ) : null}
        </View>
      ) : null}
      {a.copies ? (
        <Text className="t-small muted">
          协议书一式 {a.copies} 份，双方和调解委员会各留一份，请收好。
        </Text>
      ) : null}
      {view.outcome.note ? <Text className="t-small muted">备注：{view.outcome.note}</Text> : null}
    </Section>
  );
}

function ConfirmationCard({
  view,
  canRequest,
  open,
  onOpen,
  onDone,
}: {
  readonly view: BookingView;
  readonly canRequest: boolean;
  readonly open: boolean;
  readonly onOpen: () => void;
  readonly onDone: () => void;
}) {
  const jc = view.judicialConfirmation;
  const [joint, setJoint] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const requestId = useRef(newRequestId('jc'));
  if (!jc.available) {
    return (
      <Section title="司法确认">
        <Text className="t-body" id="confirmation-ineligible">
          {jc.notice}
        </Text>
      </Section>
    );
  }
  if (jc.requestedAt) {
    return (
      <Section title="司法确认">
        <Text className="t-body ok" id="confirmation-requested">
          已于{formatDay(jc.requestedAt)}申请司法确认{jc.court ? `（${jc.court}）` : ''}
          ，请等法院通知。
        </Text>
        <Text className="t-body">法院确认以后，如果对方不履行，您可以直接申请法院强制执行。</Text>
      </Section>
    );
  }
  const days = jc.daysLeft ?? (jc.dueBy ? Math.max(daysUntil(jc.dueBy), 0) : null);
  const expired = jc.dueBy !== null && dayjs(jc.dueBy).isBefore(dayjs());

  async function send(): Promise<void> {
    if (busy) return;
    if (!joint) {
      setError('司法确认要由双方当事人共同申请，请先确认双方都同意');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const reply = await api.call<BookingView>(
        'mediation',
        'requestConfirmation',
        { bookingId: view.id, jointApplication: true },
        requestId.current,
      );
      if (reply.ok) onDone();
      else setError(reply.error.message);
    } catch (thrown) {
      if (isNetworkError(thrown))
        setError('网络不通，没有申请成功。联网后请再点一次（不会重复申请）。');
      else throw thrown;
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title="司法确认">
      {days !== null && !expired ? (
        <View
          id="confirmation-countdown"
          className={`bd-countdown${days <= 7 ? ' bd-countdown--soon' : ''}`}
        >
          <Text className="t-body">申请司法确认</Text>
          <Text className="t-hero">还剩 {days} 天</Text>
          {jc.dueBy ? <Text className="t-small">请在{formatDay(jc.dueBy)}前申请</Text> : null}
        </View>
      ) : (
        <View id="confirmation-countdown" className="bd-countdown bd-countdown--soon">
          <Text className="t-body">申请司法确认的期限已经过了（还剩 0 天）。</Text>
        </View>
      )}
      <View className="bd-list" id="next-steps">
        <Text className="t-label">接下来怎么办</Text>
        <Text className="t-body">1. 双方按协议书上写的去做。</Text>
        <Text className="t-body">
          2. 如对方不履行协议，可在期限内（协议生效 30
          天内）双方共同向人民法院申请司法确认。法院确认后，对方还不履行的，可以直接申请法院强制执行。
        </Text>
        <Text className="t-body">
          3. 过了期限也不要紧：协议仍然有效，对方不履行的，可以到法院起诉。
        </Text>
      </View>
      {canRequest && !expired && (
        <View className="stack no-print">
          <Button
            id="request-confirmation"
            className="btn btn-block"
            type="primary"
            fill={open ? 'solid' : 'outline'}
            onClick={onOpen}
          >
            申请司法确认
          </Button>
          {open && (
            <View className="stack bd-panel">
              <View
                id="confirmation-joint"
                className={`choice${joint ? ' choice--on' : ''}`}
                onClick={() => setJoint(!joint)}
              >
                <Text className="choice__label t-body">
                  {joint ? '✓ ' : ''}双方都同意一起申请司法确认
                </Text>
                <Text className="choice__hint t-small">
                  司法确认要双方共同申请；调解员会帮忙约双方一起去法庭办
                </Text>
              </View>
              {error ? <Text className="t-body danger">{error}</Text> : null}
              <Button
                id="confirmation-submit"
                className="btn btn-block"
                type="primary"
                loading={busy}
                disabled={busy}
                onClick={() => void send()}
              >
                确认申请
              </Button>
            </View>
          )}
        </View>
      )}
    </Section>
  );
}

function slotRange(): { from: string; to: string } {
  const today = chinaToday();
  return { from: today, to: addCalendarDays(today, SLOT_DAYS) };
}

function refusalText(error: AppError): string {
  return error.code === 'CONFLICT' && /约满/.test(error.message)
    ? `${error.message}。这个时间刚被别人约走了，已为您刷新，请再选一个。`
    : error.message;
}

/**
 * A new time at the same room: moving this booking (改约), or — after a no-show — booking
 * again from it (`rebook`, the case copied), which opens the new booking.
 */
function ReschedulePanel({
  view,
  onDone,
  onClose,
  rebook = false,
}: {
  readonly view: BookingView;
  readonly onDone: () => void;
  readonly onClose: () => void;
  readonly rebook?: boolean;
}) {
  const [range] = useState(slotRange);
  const { state, reload } = useCall<ListSlotsReply>('mediation', 'listSlots', {
    roomId: view.room.id,
    from: range.from,
    to: range.to,
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send(): Promise<void> {
    if (busy || chosen === null) return;
    setBusy(true);
    setError(null);
    try {
      if (rebook) {
        // Through the outbox: on a weak network the new booking waits on the phone.
        const outcome = await submit<BookingView>(
          'mediation',
          'rebook',
          { bookingId: view.id, slotStart: chosen },
          { requestId: newRequestId('rebook'), label: `重新预约：${view.room.name}` },
        );
        if (outcome.kind === 'done') go('mediationDetail', { id: outcome.data.id });
        else if (outcome.kind === 'queued') setError('网络不通，已存在手机上，联网后会自动提交。');
        else setError(refusalText(outcome.error));
        return;
      }
      const reply = await api.call<BookingView>('mediation', 'reschedule', {
        bookingId: view.id,
        slotStart: chosen,
      });
      if (reply.ok) {
        onDone();
        return;
      }
      setError(refusalText(reply.error));
      if (reply.error.code === 'CONFLICT' || reply.error.code === 'VALIDATION_FAILED') {
        setChosen(null);
        await reload();
      }
    } catch (thrown) {
      if (isNetworkError(thrown)) setError('网络不通，没有改成。联网后请再试一次。');
      else throw thrown;
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="bd-panel stack" id="reschedule-panel">
      <Text className="t-title">{rebook ? '重新约个时间' : '换到哪个时间？'}</Text>
      <Text className="t-small muted">
        还是{view.room.name}，只列出还能约的时间。
        {rebook ? '您原来填的情况会带过去，不用重填。' : ''}
      </Text>
      {error ? (
        <Text className="t-body danger" id="reschedule-error">
          {error}
        </Text>
      ) : null}
      <CallView state={state} onRetry={() => void reload()}>
        {(data) => {
          const slots = data.slots.filter((s) => s.start !== view.slot.start);
          const notice =
            data.notice === null ? null : <Text className="t-small warn">{data.notice}</Text>;
          if (slots.length === 0) {
            return (
              <View className="stack">
                <Text className="t-body">近一个月没有别的空时间了，可以取消后换个调解室再约。</Text>
                {notice}
              </View>
            );
          }
          const days: { day: string; items: { index: number; slot: Slot }[] }[] = [];
          slots.forEach((slot, index) => {
            const day = slot.start.slice(0, 10);
            let group = days[days.length - 1];
            if (!group || group.day !== day) {
              group = { day, items: [] };
              days.push(group);
            }
            group.items.push({ index, slot });
          });
          return (
            <View className="stack">
              {days.map((group) => (
                <View key={group.day} className="stack">
                  <Text className="t-label">{formatDay(group.day)}</Text>
                  <View className="choices choices--2">
                    {group.items.map(({ index, slot }) => (
                      <View
                        key={slot.start}
                        id={`slot-${index}`}
                        className={`choice slot-option${slot.start === chosen ? ' choice--on' : ''}`}
                        onClick={() => setChosen(slot.start)}
                      >
                        <Text className="choice__label t-body">
                          {formatTime(slot.start)}–{formatTime(slot.end)}
                        </Text>
                        <Text className="choice__hint t-small">
                          还能约 {slot.seats - slot.seatsTaken} 位
                        </Text>
                      </View>
                    ))}
                  </View>
                </View>
              ))}
            </View>
          );
        }}
      </CallView>
      <Button
        id="reschedule-confirm"
        className="btn btn-block"
        type="primary"
        disabled={chosen === null || busy}
        loading={busy}
        onClick={() => void send()}
      >
        {chosen
          ? `${rebook ? '约' : '改到'} ${formatDay(chosen)} ${formatTime(chosen)}`
          : '请先选一个时间'}
      </Button>
      <Button className="btn btn-block" fill="outline" onClick={onClose}>
        {rebook ? '先不约' : '不改了'}
      </Button>
    </View>
  );
}

function CancelPanel({
  view,
  onDone,
  onClose,
}: {
  readonly view: BookingView;
  readonly onDone: () => void;
  readonly onClose: () => void;
}) {
  const [reason, setReason] = useState<CancelReason | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send(): Promise<void> {
    if (busy) return;
    if (reason === null) {
      setError('请先选一个取消的原因');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const reply = await api.call<BookingView>('mediation', 'cancel', {
        bookingId: view.id,
        reason: CANCEL_REASONS.find((r) => r.value === reason)?.text ?? '其他原因',
      });
      if (reply.ok) onDone();
      else setError(reply.error.message);
    } catch (thrown) {
      if (isNetworkError(thrown)) setError('网络不通，没有取消成。联网后请再试一次。');
      else throw thrown;
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="bd-panel stack" id="cancel-panel">
      <Text className="t-title">确定要取消这次调解吗？</Text>
      <Text className="t-body muted">
        {formatDay(view.slot.start)} {formatTime(view.slot.start)}，{view.room.name}
        。取消后这个时间会让给别人，调解员和对方也会收到通知。
      </Text>
      <Text className="t-label">为什么取消？</Text>
      <Choices
        options={CANCEL_REASONS}
        value={reason}
        onChange={(value) => setReason(value)}
        columns={1}
        idPrefix="cancel-reason"
      />
      {error ? <Text className="t-body danger">{error}</Text> : null}
      <Button
        id="cancel-confirm"
        className="btn btn-block"
        type="danger"
        loading={busy}
        disabled={busy}
        onClick={() => void send()}
      >
        确定取消预约
      </Button>
      <Button id="cancel-keep" className="btn btn-block" fill="outline" onClick={onClose}>
        不取消了
      </Button>
    </View>
  );
}
