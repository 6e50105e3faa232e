/**
 * 调解室 for mediators (and the centre): the sessions of the rooms they look after — today's
 * first, then the coming ones, then earlier sessions still waiting for their result. Per
 * booking the steps its state allows: record the other party's answer (mediation is
 * voluntary), reveal the parties' phones (audited), reschedule or cancel, and record the
 * outcome (调解结果), which leads to the 人民调解协议书.
 */
import { chinaToday, toLocalDate } from '../../../shared/calendar/china-time';
import { addCalendarDays as addDays } from '../../../shared/calendar/working-days';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CallView } from '../../components/CallView';
import { Choices } from '../../components/Choices';
import { Screen } from '../../components/Screen';
import { staffGate } from '../StaffGate';
import { Section } from '../../components/Section';
import { formatDateTime, formatDay, formatTime } from '../../lib/format';
import { go, param } from '../../lib/nav';
import { api } from '../../services/api';
import { isNetworkError } from '../../services/errors';
import { newRequestId } from '../../services/request-id';
import type { MeState } from '../../services/session';
import { hasRole, useMe } from '../../services/session';
import type { CallState } from '../../services/use-call';
import type { BookingView, ListSlotsReply, PlacesView, RoomView } from '../../services/views';
import { Button, Tag } from '../../ui';
import { mondayOf, myRooms, roomsAt, RoomsError, sessionsOf } from './rooms';
import { NoShowPanel, VisitPanel } from './AfterSession';
import './index.scss';

type RangeKey = 'all' | 'today' | 'tomorrow' | 'week';

const RANGES: readonly { value: RangeKey; label: string }[] = [
  { value: 'all', label: '近期全部' },
  { value: 'today', label: '今天' },
  { value: 'tomorrow', label: '明天' },
  { value: 'week', label: '本周' },
];

function rangeOf(key: RangeKey): { from: string; to: string } {
  const today = chinaToday();
  if (key === 'today') return { from: today, to: today };
  if (key === 'tomorrow') return { from: addDays(today, 1), to: addDays(today, 1) };
  if (key === 'week') {
    const monday = mondayOf(today);
    return { from: monday, to: addDays(monday, 6) };
  }
  // Earlier sessions still waiting for a result, and the coming month.
  return { from: addDays(today, -30), to: addDays(today, 30) };
}

type Via = 'phone' | 'in_person' | 'miniapp';
const VIA_OPTIONS: readonly { value: Via; label: string }[] = [
  { value: 'phone', label: '电话里答复' },
  { value: 'in_person', label: '当面答复' },
  { value: 'miniapp', label: '小程序里答复' },
];

const CANCEL_REASONS = ['当事人要求取消', '纠纷已经自行化解', '调解员另有公务，另约时间'] as const;

/** Plain words for where a booking stands, beside its status label. */
function statusTone(b: BookingView): 'primary' | 'success' | 'warning' | 'default' {
  if (b.status === 'requested') return 'warning';
  if (b.status === 'confirmed') return 'primary';
  if (b.status === 'succeeded') return 'success';
  return 'default';
}

function replyFailed(thrown: unknown): string {
  return isNetworkError(thrown) ? '网络不通，没有办成，请联网后再试' : '出错了，请稍后再试';
}

interface SessionItemProps {
  readonly booking: BookingView;
  readonly index: number;
  readonly showRoom: boolean;
  readonly focused: boolean;
  readonly onChanged: (next: BookingView) => void;
}

function SessionItem({ booking: b, index, showRoom, focused, onChanged }: SessionItemProps) {
  const [via, setVia] = useState<Via>('phone');
  const [busy, setBusy] = useState(false);
  const [panel, setPanel] = useState(false);
  const [slots, setSlots] = useState<CallState<ListSlotsReply> | null>(null);
  const [newSlot, setNewSlot] = useState<string | null>(null);
  const [cancelPick, setCancelPick] = useState<string | null>(null);
  const cancelReason = cancelPick === null ? null : (CANCEL_REASONS[Number(cancelPick)] ?? null);
  const [message, setMessage] = useState<string | null>(null);
  const requestId = useRef(newRequestId('bk'));

  const pending = b.parties.findIndex((p) => p.consent === 'pending');
  const pendingParty = pending >= 0 ? b.parties[pending] : undefined;
  const upcoming = b.status === 'requested' || b.status === 'confirmed';

  const run = async (
    action: string,
    data: Record<string, unknown>,
    done: (next: BookingView) => string,
  ): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const reply = await api.call<BookingView>('mediation', action, data, requestId.current);
      if (reply.ok) {
        requestId.current = newRequestId('bk');
        onChanged(reply.data);
        const said = done(reply.data);
        setMessage(said);
        void Taro.showToast({ title: said.slice(0, 20), icon: 'none' });
      } else {
        setMessage(reply.error.message);
      }
    } catch (thrown) {
      setMessage(replyFailed(thrown));
    } finally {
      setBusy(false);
    }
  };

  const consent = async (agreed: boolean): Promise<void> => {
    if (pendingParty === undefined) return;
    if (!agreed) {
      const sure = await Taro.showModal({
        title: '对方不同意调解',
        content: `登记${pendingParty.name}不同意调解后，这次预约就结束了，申请人会收到通知。确定吗？`,
        confirmText: '确定',
        cancelText: '再想想',
        confirmColor: '#b3261e',
      });
      if (!sure.confirm) return;
    }
    await run('recordConsent', { bookingId: b.id, partyIndex: pending, agreed, via }, (next) =>
      !agreed
        ? '已登记对方不同意调解，预约已结束，已通知申请人'
        : next.status === 'confirmed'
          ? '对方已同意，预约已确认，已通知申请人按时到场'
          : `已登记${pendingParty.name}同意，还在等其他当事人答复`,
    );
  };

  const reveal = (): Promise<void> =>
    run('revealParties', { bookingId: b.id }, () => '已显示完整电话（查看已记录）');

  const openPanel = async (): Promise<void> => {
    const open = !panel;
    setPanel(open);
    if (!open || slots !== null) return;
    setSlots({ status: 'loading' });
    const today = chinaToday();
    try {
      const reply = await api.call<ListSlotsReply>('mediation', 'listSlots', {
        roomId: b.room.id,
        from: today,
        to: addDays(today, 21),
      });
      setSlots(
        reply.ok ? { status: 'ok', data: reply.data } : { status: 'error', error: reply.error },
      );
    } catch (thrown) {
      if (isNetworkError(thrown)) setSlots({ status: 'offline' });
      else throw thrown;
    }
  };

  const reschedule = (): Promise<void> =>
    newSlot === null
      ? Promise.resolve()
      : run(
          'reschedule',
          { bookingId: b.id, slotStart: newSlot, reason: '调解员调整时间' },
          (next) => {
            setPanel(false);
            setSlots(null);
            return `已改到${next.slot.label}，已通知申请人`;
          },
        );

  const cancel = async (): Promise<void> => {
    if (cancelReason === null) return;
    const sure = await Taro.showModal({
      title: '取消这次调解预约',
      content: `原因：${cancelReason}。取消后时段会空出来，申请人会收到通知。确定取消吗？`,
      confirmText: '确定取消',
      cancelText: '不取消',
      confirmColor: '#b3261e',
    });
    if (!sure.confirm) return;
    await run('cancel', { bookingId: b.id, reason: cancelReason }, () => {
      setPanel(false);
      return '预约已取消，已通知申请人';
    });
  };

  const call = (phone: string | null): void => {
    if (phone && b.phonesRevealed)
      void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
  };

  return (
    <View
      className={`item session-item${focused ? ' session-item--focus' : ''}`}
      id={`session-${index}`}
    >
      <View className="item__head">
        <Text className="t-title">
          {formatDay(b.slot.start)} {formatTime(b.slot.start)}–{formatTime(b.slot.end)}
        </Text>
        <Tag type={statusTone(b)}>{b.statusLabel}</Tag>
      </View>
      <Text className="t-label">{b.disputeTypeLabel}</Text>
      {showRoom && (
        <Text className="t-small muted">
          {b.room.name}（{b.room.address}）
        </Text>
      )}
      <Text className="t-body">{b.summary}</Text>

      <View className="rm-people">
        <View className="rm-person" onClick={() => call(b.applicant.phone)}>
          <Text className="t-body">申请人：{b.applicant.name}</Text>
          <Text className="t-body rm-phone">{b.applicant.phone}</Text>
        </View>
        {b.parties.map((p, i) => (
          <View key={`${p.name}-${i}`} className="rm-person" onClick={() => call(p.phone)}>
            <Text className="t-body">
              对方：{p.name}
              {p.relation ? `（${p.relation}）` : ''}
            </Text>
            <Text className="t-body rm-phone">{p.phone ?? '没有留电话'}</Text>
            <Text
              className={`t-small ${p.consent === 'agreed' ? 'ok' : p.consent === 'refused' ? 'danger' : 'warn'}`}
            >
              {p.consentLabel}
            </Text>
          </View>
        ))}
        {!b.phonesRevealed ? (
          <Button
            id={`reveal-${index}`}
            className="btn"
            fill="outline"
            size="small"
            disabled={busy}
            onClick={() => void reveal()}
          >
            查看电话
          </Button>
        ) : (
          <Text className="t-small muted">点电话号码可以直接拨打；查看电话已记录在案</Text>
        )}
      </View>

      {b.target !== null && upcoming && (
        <Text className={`t-small ${b.target.daysLeft <= 3 ? 'warn' : 'muted'}`}>
          一般应在 {formatDay(b.target.dueAt)}前调解完（还有 {Math.max(b.target.daysLeft, 0)} 天）
        </Text>
      )}
      {b.rescheduleCount > 0 && (
        <Text className="t-small muted">已改期 {b.rescheduleCount} 次</Text>
      )}
      {b.cancellation && <Text className="t-small muted">取消原因：{b.cancellation.reason}</Text>}

      {b.status === 'requested' && pendingParty !== undefined && (
        <View className="rm-consent stack">
          <Text className="t-label">
            请先问{pendingParty.name}是否同意调解（调解是自愿的，不能强迫）
          </Text>
          <Choices
            idPrefix={`consent-via-${index}`}
            options={VIA_OPTIONS}
            value={via}
            onChange={setVia}
            columns={3}
          />
          <View className="rm-two">
            <Button
              id={`consent-agree-${index}`}
              className="btn rm-grow"
              type="primary"
              disabled={busy}
              onClick={() => void consent(true)}
            >
              对方同意调解
            </Button>
            <Button
              id={`consent-refuse-${index}`}
              className="btn rm-grow"
              fill="outline"
              disabled={busy}
              onClick={() => void consent(false)}
            >
              对方不同意
            </Button>
          </View>
        </View>
      )}

      {b.status === 'confirmed' && (
        <Button
          id={`record-outcome-${index}`}
          className="btn-block"
          type="primary"
          onClick={() => go('staffOutcome', { id: b.id })}
        >
          记录调解结果
        </Button>
      )}
      {b.status === 'confirmed' && <NoShowPanel booking={b} index={index} onChanged={onChanged} />}
      {b.status === 'succeeded' && (
        <Button
          id={`agreement-${index}`}
          className="btn-block"
          fill="outline"
          onClick={() => go('staffAgreement', { id: b.id })}
        >
          查看、打印调解协议书
        </Button>
      )}
      {b.status === 'succeeded' && <VisitPanel booking={b} index={index} onChanged={onChanged} />}
      {b.outcome !== null && b.outcome.result !== 'success' && (
        <Text className="t-small muted">
          {b.outcome.resultLabel}：{b.outcome.note}
        </Text>
      )}

      {upcoming && (
        <Button id={`change-${index}`} className="btn" fill="none" onClick={() => void openPanel()}>
          {panel ? '收起' : '改期或取消'}
        </Button>
      )}
      {upcoming && panel && (
        <View className="rm-panel stack">
          <Text className="t-label">改到哪个时间？</Text>
          {slots !== null && (
            <CallView state={slots} onRetry={() => void openPanel()}>
              {(data) => (
                <View className="stack">
                  {data.slots.length === 0 ? (
                    <Text className="t-body muted">三周内没有空的时段了</Text>
                  ) : (
                    <Choices
                      options={data.slots.slice(0, 8).map((s) => ({
                        value: s.start,
                        label: formatDateTime(s.start),
                      }))}
                      value={newSlot}
                      onChange={setNewSlot}
                    />
                  )}
                  {data.notice !== null && <Text className="t-small warn">{data.notice}</Text>}
                </View>
              )}
            </CallView>
          )}
          <Button
            id={`reschedule-confirm-${index}`}
            className="btn-block"
            type="primary"
            disabled={busy || newSlot === null}
            onClick={() => void reschedule()}
          >
            改到这个时间
          </Button>
          <Text className="t-label">或者取消这次预约，原因：</Text>
          <Choices
            idPrefix={`cancel-reason-${index}`}
            options={CANCEL_REASONS.map((r, i) => ({ value: String(i), label: r }))}
            value={cancelPick}
            onChange={setCancelPick}
            columns={1}
          />
          <Button
            id={`cancel-confirm-${index}`}
            className="btn-block"
            fill="outline"
            disabled={busy || cancelReason === null}
            onClick={() => void cancel()}
          >
            取消预约
          </Button>
        </View>
      )}
      {message !== null && (
        <Text className="t-body rm-message" id={`session-message-${index}`}>
          {message}
        </Text>
      )}
    </View>
  );
}

interface Loaded {
  readonly rooms: readonly RoomView[];
  readonly sessions: readonly BookingView[];
  readonly focus: BookingView | null;
}

/** The place a centre operator picks (the town or one of its communities). */
interface PlaceOption {
  readonly value: string;
  readonly label: string;
}

function townNodeOf(me: MeState): string | null {
  if (me.status !== 'signedIn') return null;
  return me.me.gridNodes.find((n) => n.level === 'town')?.id ?? me.me.gridNodes[0]?.id ?? null;
}

export default function Room() {
  const me = useMe();
  const mediator = hasRole(me, 'mediator');
  const centre = hasRole(me, 'center_operator', 'admin');
  const allowed = mediator || centre;
  const bookingId = param('bookingId') || param('id');
  const roomIdParam = param('roomId');

  const [range, setRange] = useState<RangeKey>('all');
  const [places, setPlaces] = useState<readonly PlaceOption[]>([]);
  const [place, setPlace] = useState<string | null>(null);
  const [state, setState] = useState<CallState<Loaded>>({ status: 'loading' });
  const roomsCache = useRef(new Map<string, readonly RoomView[]>());
  const seq = useRef(0);

  // The centre chooses a place: the town's own rooms, or a community's.
  useEffect(() => {
    if (!centre || mediator || me.status !== 'signedIn') return;
    const town = townNodeOf(me);
    if (town !== null) setPlace((p) => p ?? town);
    void api
      .call<PlacesView>('account', 'places', {})
      .then((reply) => {
        const own: PlaceOption[] = town === null ? [] : [{ value: town, label: '镇里的调解室' }];
        if (reply.ok) {
          setPlaces([
            ...own,
            ...reply.data.communities.map((c) => ({ value: c.id, label: c.name })),
          ]);
        } else setPlaces(own);
      })
      .catch(() => undefined);
  }, [centre, mediator, me]);

  const findRooms = useCallback(async (): Promise<readonly RoomView[]> => {
    const key = roomIdParam ? `room:${roomIdParam}` : mediator ? 'mine' : `place:${place ?? ''}`;
    const cached = roomsCache.current.get(key);
    if (cached) return cached;
    let rooms: RoomView[] = [];
    if (roomIdParam) {
      rooms = [
        {
          id: roomIdParam,
          name: '',
          kindName: '',
          levelLabel: '',
          address: '',
          phone: null,
          slotMinutes: 0,
        },
      ];
    } else if (mediator && me.status === 'signedIn') {
      rooms = await myRooms();
    } else if (place !== null) {
      rooms = await roomsAt(place);
    }
    roomsCache.current.set(key, rooms);
    return rooms;
  }, [roomIdParam, mediator, me, place]);

  const load = useCallback(async (): Promise<void> => {
    if (!allowed) return;
    if (!mediator && !roomIdParam && place === null) return;
    const mine = (seq.current += 1);
    try {
      const { from, to } = rangeOf(range);
      const focusReply = bookingId
        ? await api.call<BookingView>('mediation', 'get', { bookingId })
        : null;
      const focus = focusReply?.ok ? focusReply.data : null;
      let rooms = await findRooms();
      if (focus !== null && !rooms.some((r) => r.id === focus.room.id))
        rooms = [...rooms, focus.room];
      const lists = await Promise.all(rooms.map((r) => sessionsOf(r.id, from, to)));
      if (mine !== seq.current) return;
      const visible = rooms.filter((_, i) => lists[i] !== null);
      const sessions = lists
        .flatMap((l) => l ?? [])
        .sort((a, b) => Date.parse(a.slot.start) - Date.parse(b.slot.start));
      setState({ status: 'ok', data: { rooms: visible, sessions, focus } });
    } catch (thrown) {
      if (mine !== seq.current) return;
      if (thrown instanceof RoomsError) setState({ status: 'error', error: thrown.reply.error });
      else if (isNetworkError(thrown)) setState({ status: 'offline' });
      else throw thrown;
    }
  }, [allowed, mediator, roomIdParam, place, range, bookingId, findRooms]);

  useEffect(() => {
    void load();
  }, [load]);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void load();
    shown.current = true;
  });

  const replaceOne = (next: BookingView): void =>
    setState((s) =>
      s.status !== 'ok'
        ? s
        : {
            status: 'ok',
            data: {
              ...s.data,
              focus: s.data.focus?.id === next.id ? next : s.data.focus,
              sessions: s.data.sessions.map((b) => (b.id === next.id ? next : b)),
            },
          },
    );

  const gate = staffGate(
    me,
    allowed,
    '调解室',
    '这里是调解员的工作页面。您不是调解员，看不到调解预约。',
  );
  if (gate !== null) return gate;

  return (
    <Screen title="调解室">
      <View className="rm-head">
        <Text className="t-title">调解室</Text>
        <Text className="t-small muted">
          调解不收费、双方自愿。先问清对方是否同意，再按时调解，调解后记录结果。
        </Text>
      </View>
      {!mediator && places.length > 0 && (
        <Section title="看哪里的调解室">
          <Choices options={places} value={place} onChange={setPlace} columns={2} />
        </Section>
      )}
      <Choices idPrefix="day" options={RANGES} value={range} onChange={setRange} columns={2} />
      <View className="rm-list">
        <CallView state={state} onRetry={() => void load()}>
          {(data) => {
            const today = chinaToday();
            const rest = data.sessions.filter((b) => b.id !== data.focus?.id);
            const groups: { title: string; items: BookingView[] }[] = [];
            if (range === 'all') {
              const upcoming = rest.filter(
                (b) => b.status === 'requested' || b.status === 'confirmed',
              );
              groups.push(
                { title: '今天', items: rest.filter((b) => toLocalDate(b.slot.start) === today) },
                { title: '以后', items: rest.filter((b) => toLocalDate(b.slot.start) > today) },
                {
                  title: '以前的，还没有记录结果',
                  items: upcoming.filter((b) => toLocalDate(b.slot.start) < today),
                },
              );
            } else {
              const days = [...new Set(rest.map((b) => toLocalDate(b.slot.start)))];
              for (const day of days) {
                groups.push({
                  title: day === today ? `今天 ${formatDay(day)}` : formatDay(day),
                  items: rest.filter((b) => toLocalDate(b.slot.start) === day),
                });
              }
            }
            const shownGroups = groups.filter((g) => g.items.length > 0);
            const showRoom = data.rooms.length > 1;
            let index = 0;
            return (
              <View className="stack">
                <Text className="t-small muted" id="room-names">
                  {data.rooms.length === 0
                    ? mediator
                      ? '没有找到您负责的调解室'
                      : '这里没有调解室'
                    : `${mediator ? '您负责的调解室' : '这里的调解室'}：${
                        data.rooms
                          .map((r) => r.name)
                          .filter(Boolean)
                          .join('、') || '1 个'
                      }`}
                </Text>
                {data.focus !== null && (
                  <View className="stack">
                    <Text className="t-label">您点开的这次预约</Text>
                    <SessionItem
                      booking={data.focus}
                      index={index++}
                      showRoom
                      focused
                      onChanged={replaceOne}
                    />
                  </View>
                )}
                {shownGroups.length === 0 && data.focus === null ? (
                  <View className="call-state" id="room-empty">
                    <Text className="t-body muted">
                      {range === 'all'
                        ? '近期没有调解预约'
                        : `${RANGES.find((r) => r.value === range)?.label}没有调解预约`}
                    </Text>
                  </View>
                ) : (
                  shownGroups.map((g) => (
                    <View key={g.title} className="stack">
                      <Text className="t-label rm-group">
                        {g.title}（{g.items.length}）
                      </Text>
                      {g.items.map((b) => (
                        <SessionItem
                          key={b.id}
                          booking={b}
                          index={index++}
                          showRoom={showRoom}
                          focused={false}
                          onChanged={replaceOne}
                        />
                      ))}
                    </View>
                  ))
                )}
              </View>
            );
          }}
        </CallView>
      </View>
    </Screen>
  );
}
