/**
 * 预约调解: a step-by-step wizard, one question per screen — what the dispute is about, which
 * room (nearest first, with why), which free slot, who the other party is and what happened
 * (with consent: mediation is voluntary), then a summary to confirm. Every answer is kept in
 * a draft, so leaving the page loses nothing; the booking goes through the outbox.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { useEffect, useMemo, useState } from 'react';
import type { AppError } from '../../../shared/kernel/errors';
import type { DisputeType } from '../../../shared/mediation/mediation.catalog';
import { DISPUTE_TYPE_LABELS, DISPUTE_TYPES } from '../../../shared/mediation/mediation.catalog';
import { bookInputSchema } from '../../../shared/mediation/mediation.schema';
import { parseInput } from '../../../shared/validation/parse';
import { CallView } from '../../components/CallView';
import { Choices } from '../../components/Choices';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { formatDay, formatTime } from '../../lib/format';
import { go, replace } from '../../lib/nav';
import { useDraft } from '../../services/draft';
import { fieldErrors } from '../../services/errors';
import { askForUpdates } from '../../services/subscribe';
import { submit } from '../../services/outbox';
import { newRequestId } from '../../services/request-id';
import type { MeState } from '../../services/session';
import { useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type {
  BookingView,
  ListSlotsReply,
  PlacesView,
  SuggestRoomsReply,
} from '../../services/views';
import { Button } from '../../ui';
import './book.scss';
import { chinaToday } from '../../../shared/calendar/china-time';
import { addCalendarDays } from '../../../shared/calendar/working-days';

dayjs.extend(utc);

const STEPS = ['纠纷类型', '选调解室', '选时间', '填写情况', '确认提交'] as const;
const LAST_STEP = STEPS.length;
/** How many days of free slots to show at once (listSlots takes at most 31). */
const SLOT_DAYS = 30;

/** How the other party is related to the applicant; the label is what is sent (`relation`). */
type RelationCode = 'neighbour' | 'family' | 'relative' | 'villager' | 'cadre' | 'other';
const RELATIONS: readonly { value: RelationCode; label: string }[] = [
  { value: 'neighbour', label: '邻居' },
  { value: 'family', label: '家里人' },
  { value: 'relative', label: '亲戚' },
  { value: 'villager', label: '同村村民' },
  { value: 'cadre', label: '村干部' },
  { value: 'other', label: '其他' },
];

interface BookingDraft {
  readonly step: number;
  readonly disputeType: DisputeType | null;
  /** Only when the signed-in person has no home village (staff filing for someone). */
  readonly gridNodeId: string | null;
  readonly roomId: string | null;
  readonly roomName: string;
  readonly roomAddress: string;
  readonly roomLevel: string;
  readonly slotStart: string | null;
  readonly slotEnd: string | null;
  readonly otherName: string;
  readonly otherPhone: string;
  readonly relation: string;
  readonly summary: string;
  readonly consent: boolean;
  readonly applicantName: string;
  readonly applicantPhone: string;
  readonly requestId: string;
}

function blankDraft(): BookingDraft {
  return {
    step: 1,
    disputeType: null,
    gridNodeId: null,
    roomId: null,
    roomName: '',
    roomAddress: '',
    roomLevel: '',
    slotStart: null,
    slotEnd: null,
    otherName: '',
    otherPhone: '',
    relation: '',
    summary: '',
    consent: false,
    applicantName: '',
    applicantPhone: '',
    requestId: newRequestId('bk'),
  };
}

/** Today and the day SLOT_DAYS later, as China-local dates. */
function slotRange(): { from: string; to: string } {
  const today = chinaToday();
  return { from: today, to: addCalendarDays(today, SLOT_DAYS) };
}

/** The place rooms are suggested for: the villager's own node, else the one picked here. */
function homeNodeOf(me: MeState): string | null {
  if (me.status !== 'signedIn' || me.me.isStaff) return null;
  return me.me.gridNodes[0]?.id ?? me.me.village?.id ?? null;
}

/** Who applies: the signed-in villager; staff (代办) type the villager's name and phone. */
function applicantOf(me: MeState, draft: BookingDraft): { name: string; phone: string } {
  if (me.status === 'signedIn' && !me.me.isStaff) {
    return {
      name: me.me.name,
      phone: me.me.phone ?? me.me.contactPhone ?? draft.applicantPhone.trim(),
    };
  }
  return { name: draft.applicantName.trim(), phone: draft.applicantPhone.trim() };
}

function buildInput(draft: BookingDraft, applicant: { name: string; phone: string }) {
  const phone = draft.otherPhone.trim();
  const relation = draft.relation.trim();
  return {
    roomId: draft.roomId ?? '',
    slotStart: draft.slotStart ?? '',
    applicant,
    parties: [
      {
        name: draft.otherName.trim(),
        ...(phone ? { phone } : {}),
        ...(relation ? { relation } : {}),
      },
    ],
    disputeType: draft.disputeType ?? '',
    summary: draft.summary.trim(),
    consent: draft.consent,
  };
}

/** The step whose screen holds a field the server or the schema complained about. */
function stepOfField(field: string): number {
  if (field.startsWith('disputeType')) return 1;
  if (field.startsWith('roomId')) return 2;
  if (field.startsWith('slotStart')) return 3;
  return 4;
}

const STEP4_FIELDS = ['parties', 'summary', 'consent', 'applicant'];

export default function BookMediation() {
  const me = useMe();
  const [initial] = useState(blankDraft);
  const [draft, update, clear] = useDraft<BookingDraft>('booking', initial);
  const [range] = useState(slotRange);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const step = Math.min(Math.max(draft.step, 1), LAST_STEP);
  const homeNode = homeNodeOf(me);
  const gridNodeId = homeNode ?? draft.gridNodeId;
  const applicant = applicantOf(me, draft);

  // A draft from an older version may lack the requestId: give it one once.
  useEffect(() => {
    if (!draft.requestId) update({ requestId: newRequestId('bk') });
  }, [draft.requestId, update]);

  const goStep = (next: number): void => {
    setMessage(null);
    update({ step: next });
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };

  if (me.status === 'loading') {
    return (
      <Screen title="预约调解">
        <CallView state={{ status: 'loading' }}>{() => null}</CallView>
      </Screen>
    );
  }
  if (me.status === 'signedOut') {
    return (
      <Screen title="预约调解">
        <Section title="预约调解要先登录">
          <Text className="t-body">
            调解员要知道是谁申请、怎么联系您。请先登录或注册，登录后回到这里接着约。
          </Text>
          <Button
            id="booking-login"
            className="btn btn-block"
            type="primary"
            onClick={() => go('login')}
          >
            去登录
          </Button>
        </Section>
      </Screen>
    );
  }

  return (
    <Screen title="预约调解" className="bk">
      <StepBar step={step} />
      {message ? (
        <View id="booking-message" className="bk-message">
          <Text className="t-body">{message}</Text>
        </View>
      ) : null}
      {step === 1 && (
        <StepDispute
          value={draft.disputeType}
          onPick={(disputeType) => {
            if (disputeType !== draft.disputeType) {
              update({ disputeType, roomId: null, slotStart: null, slotEnd: null, step: 2 });
            } else update({ step: 2 });
            setMessage(null);
          }}
        />
      )}
      {step === 2 && draft.disputeType && (
        <StepRoom
          disputeType={draft.disputeType}
          gridNodeId={gridNodeId}
          chosenRoomId={draft.roomId}
          offline={me.status === 'offline'}
          onPickPlace={(id) => update({ gridNodeId: id, roomId: null, slotStart: null })}
          onPick={(room) => {
            if (room.id !== draft.roomId) {
              update({
                roomId: room.id,
                roomName: room.name,
                roomAddress: room.address,
                roomLevel: room.levelLabel,
                slotStart: null,
                slotEnd: null,
                step: 3,
              });
            } else update({ step: 3 });
            setMessage(null);
          }}
        />
      )}
      {step === 3 && draft.roomId && (
        <StepSlot
          roomId={draft.roomId}
          roomName={draft.roomName}
          from={range.from}
          to={range.to}
          chosen={draft.slotStart}
          onPick={(slot) => {
            update({ slotStart: slot.start, slotEnd: slot.end, step: 4 });
            setMessage(null);
          }}
          onOtherRoom={() => goStep(2)}
        />
      )}
      {step === 4 && (
        <StepParties
          draft={draft}
          update={update}
          errors={errors}
          askApplicant={me.status === 'signedIn' && me.me.isStaff}
          askApplicantPhone={
            me.status === 'signedIn' && !me.me.isStaff && !me.me.phone && !me.me.contactPhone
          }
        />
      )}
      {step === 5 && <StepConfirm draft={draft} applicant={applicant} onEdit={(s) => goStep(s)} />}

      {/* A step that lost its earlier answer (an old draft) starts again where it is missing. */}
      {((step === 2 && !draft.disputeType) || (step === 3 && !draft.roomId)) && (
        <Section>
          <Text className="t-body">前面的选择没有了，请从头再选一次。</Text>
          <Button className="btn btn-block" type="primary" onClick={() => goStep(1)}>
            从头开始
          </Button>
        </Section>
      )}

      <View className="actions bk-nav">
        {step === 4 && (
          <Button
            id="booking-next"
            className="btn btn-block"
            type="primary"
            onClick={() => {
              const checked = parseInput(bookInputSchema, buildInput(draft, applicant));
              const all = checked.ok ? {} : fieldErrors(checked.error);
              const mine = Object.fromEntries(
                Object.entries(all).filter(([f]) => STEP4_FIELDS.some((p) => f.startsWith(p))),
              );
              setErrors(mine);
              if (Object.keys(mine).length > 0) {
                setMessage('还有没填好的地方，请看下面红字的提示。');
                return;
              }
              const earlier = Object.keys(all)[0];
              if (earlier !== undefined) {
                goStep(stepOfField(earlier));
                setMessage(all[earlier] ?? null);
                return;
              }
              goStep(5);
            }}
          >
            下一步：核对一下
          </Button>
        )}
        {step < 4 && nextAllowed(step, draft) && (
          <Button
            id="booking-next"
            className="btn btn-block"
            type="primary"
            fill="outline"
            onClick={() => goStep(step + 1)}
          >
            下一步
          </Button>
        )}
        {step === 5 && (
          <Button
            id="booking-submit"
            className="btn btn-block"
            type="primary"
            loading={busy}
            disabled={busy}
            onClick={() => void send()}
          >
            确认，提交预约
          </Button>
        )}
        {step > 1 && (
          <Button
            id="booking-back"
            className="btn btn-block"
            fill="outline"
            onClick={() => goStep(step - 1)}
          >
            上一步
          </Button>
        )}
      </View>
    </Screen>
  );

  async function send(): Promise<void> {
    if (busy) return;
    const input = buildInput(draft, applicant);
    const checked = parseInput(bookInputSchema, input);
    if (!checked.ok) {
      showRefusal(checked.error);
      return;
    }
    // Consent (to be told when the other party answers and the time is confirmed) first, in
    // the tap itself: WeChat refuses it after an await. Then the booking.
    const consent = askForUpdates('booking');
    setBusy(true);
    setMessage(null);
    try {
      await consent;
      const outcome = await submit<BookingView>('mediation', 'book', input, {
        requestId: draft.requestId,
        label: `预约调解：${draft.roomName}`,
      });
      if (outcome.kind === 'done') {
        clear();
        void Taro.showToast({ title: '预约已提交', icon: 'success' });
        replace('mediationDetail', { id: outcome.data.id });
      } else if (outcome.kind === 'queued') {
        clear();
        void Taro.showToast({ title: '已保存，联网后自动提交', icon: 'none' });
        leave();
      } else {
        showRefusal(outcome.error);
      }
    } finally {
      setBusy(false);
    }
  }

  function showRefusal(error: AppError): void {
    const fields = fieldErrors(error);
    setErrors(fields);
    const first = Object.keys(fields)[0];
    if (error.code === 'CONFLICT' && (first === undefined || first.startsWith('slotStart'))) {
      // Someone took the last seat first: choose again from a fresh list.
      update({ slotStart: null, slotEnd: null, step: 3 });
      setMessage('刚才有人先约走了这个时间（已约满）。已为您刷新了能约的时间，请重新选一个。');
      return;
    }
    if (error.code === 'UNAUTHENTICATED') {
      setMessage('登录已过期，请重新登录后再提交，填好的内容会保留。');
      return;
    }
    if (first !== undefined) {
      const target = stepOfField(first);
      if (target === 3) update({ slotStart: null, slotEnd: null, step: 3 });
      else update({ step: target });
    }
    setMessage(error.message);
  }
}

function nextAllowed(step: number, draft: BookingDraft): boolean {
  if (step === 1) return draft.disputeType !== null;
  if (step === 2) return draft.roomId !== null;
  if (step === 3) return draft.slotStart !== null;
  return false;
}

/** Back to where the person came from; home when the wizard was opened directly (H5 reloads on a back past the first page). */
function leave(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else replace('home');
}

function StepBar({ step }: { readonly step: number }) {
  return (
    <View className="bk-steps" id="booking-step">
      <Text className="t-label">
        第 {step} 步（共 {LAST_STEP} 步）：{STEPS[step - 1]}
      </Text>
      <View className="bk-steps__bar">
        {STEPS.map((label, i) => (
          <View key={label} className={`bk-steps__seg${i < step ? ' bk-steps__seg--done' : ''}`} />
        ))}
      </View>
    </View>
  );
}

function StepDispute({
  value,
  onPick,
}: {
  readonly value: DisputeType | null;
  readonly onPick: (value: DisputeType) => void;
}) {
  const options = useMemo(
    () => DISPUTE_TYPES.map((d) => ({ value: d.code, label: d.label, hint: d.hint })),
    [],
  );
  return (
    <Section title="您要调解的是什么事？">
      <Text className="t-body muted">
        点一下最接近的一项。不知道选哪个，就选最后的「其他纠纷」。
      </Text>
      <Choices<DisputeType> options={options} value={value} onChange={onPick} idPrefix="dispute" />
    </Section>
  );
}

interface RoomPick {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly levelLabel: string;
}

function StepRoom({
  disputeType,
  gridNodeId,
  chosenRoomId,
  offline,
  onPick,
  onPickPlace,
}: {
  readonly disputeType: DisputeType;
  readonly gridNodeId: string | null;
  readonly chosenRoomId: string | null;
  readonly offline: boolean;
  readonly onPick: (room: RoomPick) => void;
  readonly onPickPlace: (id: string) => void;
}) {
  const { state, reload } = useCall<SuggestRoomsReply>(
    'mediation',
    'suggestRooms',
    gridNodeId ? { disputeType, gridNodeId } : null,
  );
  if (!gridNodeId) return <PlacePicker onPick={onPickPlace} />;
  return (
    <Section title="选一个调解室">
      <Text className="t-body muted">
        调解「{DISPUTE_TYPE_LABELS[disputeType]}」，离您最近的排在最前面。
      </Text>
      {offline && <Text className="t-small warn">网络好像不太好，读不到时请点「重试」。</Text>}
      <CallView state={state} onRetry={() => void reload()}>
        {(data) => (
          <View className="stack">
            {data.urgentToPolice && data.policeNotice ? (
              <View className="bk-urgent" id="police-notice">
                <Text className="t-title">请先报警</Text>
                <Text className="t-body">{data.policeNotice}</Text>
              </View>
            ) : null}
            <View className="notice">
              <Text className="t-body">{data.notice}</Text>
            </View>
            {!data.judicialConfirmation.available && data.judicialConfirmation.notice ? (
              <View className="notice">
                <Text className="t-small">{data.judicialConfirmation.notice}</Text>
              </View>
            ) : null}
            {data.rooms.length === 0 ? (
              <View className="stack">
                <Text className="t-body">
                  附近没有受理这类纠纷的调解室。您可以先「说事」，网格员会帮您找到能管这件事的地方。
                </Text>
                <Button
                  className="btn btn-block"
                  type="primary"
                  fill="outline"
                  onClick={() => go('concernNew')}
                >
                  我要说事
                </Button>
              </View>
            ) : (
              data.rooms.map((s, index) => (
                <View
                  key={s.room.id}
                  id={`room-${index}`}
                  className={`choice room-option bk-option${s.room.id === chosenRoomId ? ' choice--on' : ''}`}
                  onClick={() =>
                    onPick({
                      id: s.room.id,
                      name: s.room.name,
                      address: s.room.address,
                      levelLabel: s.levelLabel,
                    })
                  }
                >
                  <View className="bk-option__head">
                    <Text className="choice__label t-title">{s.room.name}</Text>
                    <Text className="bk-level t-small">{s.levelLabel}</Text>
                  </View>
                  <Text className="t-body">为什么推荐：{s.reason}</Text>
                  <Text className="t-small muted">地点：{s.room.address}</Text>
                  {s.room.phone ? (
                    <Text className="t-small muted">电话：{s.room.phone}</Text>
                  ) : null}
                  <Text className="t-small muted">
                    {s.room.kindName} · 每次约 {s.room.slotMinutes} 分钟
                  </Text>
                </View>
              ))
            )}
          </View>
        )}
      </CallView>
    </Section>
  );
}

/** For someone without a home village (staff filing for a villager): pick the village. */
function PlacePicker({ onPick }: { readonly onPick: (id: string) => void }) {
  const { state, reload } = useCall<PlacesView>('account', 'places', {});
  return (
    <Section title="纠纷发生在哪个村？">
      <Text className="t-body muted">选了村，才能找到离得最近的调解室。</Text>
      <CallView state={state} onRetry={() => void reload()}>
        {(data) => (
          <View className="stack">
            {data.communities.map((c) => (
              <View key={c.id} className="stack">
                <Text className="t-label">{c.name}</Text>
                <Choices
                  options={[
                    { value: c.id, label: `${c.name}（新村）` },
                    ...c.villages.map((v) => ({ value: v.id, label: v.name })),
                  ]}
                  value={null}
                  onChange={onPick}
                  idPrefix="place"
                />
              </View>
            ))}
          </View>
        )}
      </CallView>
    </Section>
  );
}

function StepSlot({
  roomId,
  roomName,
  from,
  to,
  chosen,
  onPick,
  onOtherRoom,
}: {
  readonly roomId: string;
  readonly roomName: string;
  readonly from: string;
  readonly to: string;
  readonly chosen: string | null;
  readonly onPick: (slot: { start: string; end: string }) => void;
  readonly onOtherRoom: () => void;
}) {
  // Mounted afresh each time the wizard comes to this step (also after a refusal): a fresh list.
  const { state, reload } = useCall<ListSlotsReply>('mediation', 'listSlots', { roomId, from, to });
  return (
    <Section title="选一个时间">
      <Text className="t-body muted">{roomName}近一个月还能约的时间，点一下就选好了。</Text>
      <CallView state={state} onRetry={() => void reload()}>
        {(data) => (
          <SlotList data={data} chosen={chosen} onPick={onPick} onOtherRoom={onOtherRoom} />
        )}
      </CallView>
    </Section>
  );
}

function SlotList({
  data,
  chosen,
  onPick,
  onOtherRoom,
}: {
  readonly data: ListSlotsReply;
  readonly chosen: string | null;
  readonly onPick: (slot: { start: string; end: string }) => void;
  readonly onOtherRoom: () => void;
}) {
  const notice =
    data.notice === null ? null : (
      <Text id="slots-notice" className="t-small warn">
        {data.notice}
      </Text>
    );
  if (data.slots.length === 0) {
    return (
      <View className="stack">
        <Text className="t-body">这个调解室近一个月都约满了（或者不开门）。请换一个调解室。</Text>
        {notice}
        <Button className="btn btn-block" type="primary" fill="outline" onClick={onOtherRoom}>
          换一个调解室
        </Button>
      </View>
    );
  }
  const days: {
    day: string;
    slots: { index: number; start: string; end: string; left: number }[];
  }[] = [];
  data.slots.forEach((slot, index) => {
    const day = slot.start.slice(0, 10);
    let group = days[days.length - 1];
    if (!group || group.day !== day) {
      group = { day, slots: [] };
      days.push(group);
    }
    group.slots.push({
      index,
      start: slot.start,
      end: slot.end,
      left: slot.seats - slot.seatsTaken,
    });
  });
  return (
    <View className="stack">
      {data.workingDaysOnly ? (
        <Text className="t-small muted">法定节假日不开门，只列出工作日。</Text>
      ) : null}
      {notice}
      {days.map((group) => (
        <View key={group.day} className="bk-day">
          <Text className="t-label bk-day__title">{formatDay(group.day)}</Text>
          <View className="choices choices--2">
            {group.slots.map((slot) => (
              <View
                key={slot.start}
                id={`slot-${slot.index}`}
                className={`choice slot-option${slot.start === chosen ? ' choice--on' : ''}`}
                onClick={() => onPick({ start: slot.start, end: slot.end })}
              >
                <Text className="choice__label t-body">
                  {formatTime(slot.start)}–{formatTime(slot.end)}
                </Text>
                <Text className="choice__hint t-small">还能约 {slot.left} 位</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}

function StepParties({
  draft,
  update,
  errors,
  askApplicant,
  askApplicantPhone,
}: {
  readonly draft: BookingDraft;
  readonly update: (patch: Partial<BookingDraft>) => void;
  readonly errors: Record<string, string>;
  readonly askApplicant: boolean;
  readonly askApplicantPhone: boolean;
}) {
  const error = (...names: string[]) =>
    Object.entries(errors).find(([f]) => names.includes(f))?.[1];
  return (
    <Section title="和谁有纠纷？是怎么回事？">
      {askApplicant && (
        <>
          <Field label="申请人姓名" required error={error('applicant.name')}>
            <Input
              id="applicant-name"
              className="input"
              value={draft.applicantName}
              placeholder="替谁预约，就填谁的名字"
              onInput={(e) => update({ applicantName: e.detail.value })}
            />
          </Field>
          <Field label="申请人手机号" required error={error('applicant.phone')}>
            <Input
              id="applicant-phone"
              className="input"
              type="number"
              maxlength={11}
              value={draft.applicantPhone}
              onInput={(e) => update({ applicantPhone: e.detail.value })}
            />
          </Field>
        </>
      )}
      {askApplicantPhone && (
        <Field
          label="您的手机号"
          hint="调解员要能联系到您"
          required
          error={error('applicant.phone', 'applicant')}
        >
          <Input
            id="applicant-phone"
            className="input"
            type="number"
            maxlength={11}
            value={draft.applicantPhone}
            onInput={(e) => update({ applicantPhone: e.detail.value })}
          />
        </Field>
      )}
      <Field label="对方叫什么名字" required error={error('parties.0.name', 'parties')}>
        <Input
          id="other-name"
          className="input"
          value={draft.otherName}
          placeholder="例如：李大山"
          maxlength={20}
          onInput={(e) => update({ otherName: e.detail.value })}
        />
      </Field>
      <Field
        label="对方的电话（知道就填）"
        hint="调解员会先打电话问对方愿不愿意调解；不知道可以不填"
        error={error('parties.0.phone')}
      >
        <Input
          id="other-phone"
          className="input"
          type="text"
          maxlength={13}
          value={draft.otherPhone}
          placeholder="手机号或固定电话"
          onInput={(e) => update({ otherPhone: e.detail.value })}
        />
      </Field>
      <Field label="对方是您的" error={error('parties.0.relation')}>
        <Choices
          options={RELATIONS}
          value={RELATIONS.find((r) => r.label === draft.relation)?.value ?? null}
          onChange={(code) => {
            const label = RELATIONS.find((r) => r.value === code)?.label ?? '';
            update({ relation: label === draft.relation ? '' : label });
          }}
          columns={3}
          idPrefix="relation"
        />
      </Field>
      <Field
        label="简单说说是怎么回事"
        hint="几句话就行，调解员见面时还会细问"
        required
        error={error('summary')}
      >
        <Textarea
          id="booking-text"
          className="textarea"
          value={draft.summary}
          maxlength={1000}
          placeholder="例如：两家中间的排水沟被堵，下雨水流进我家院子"
          onInput={(e) => update({ summary: e.detail.value })}
        />
      </Field>
      <View
        id="booking-consent"
        className={`bk-consent${draft.consent ? ' bk-consent--on' : ''}${error('consent') ? ' bk-consent--error' : ''}`}
        onClick={() => update({ consent: !draft.consent })}
      >
        <View className="bk-consent__box">
          <Text className="t-title">{draft.consent ? '✓' : ''}</Text>
        </View>
        <View className="bk-consent__text">
          <Text className="t-body">
            我自愿申请人民调解，知道调解不收费、双方都自愿、谁都可以随时退出；同意把填写的情况交给调解员用于这次调解。
          </Text>
        </View>
      </View>
      {error('consent') ? <Text className="t-small danger">{error('consent')}</Text> : null}
      <Text className="t-small bk-link" onClick={() => go('privacy')}>
        看看隐私说明（我们怎么保护您的信息）
      </Text>
    </Section>
  );
}

function StepConfirm({
  draft,
  applicant,
  onEdit,
}: {
  readonly draft: BookingDraft;
  readonly applicant: { name: string; phone: string };
  readonly onEdit: (step: number) => void;
}) {
  const rows: { label: string; value: string; step: number }[] = [
    {
      label: '纠纷类型',
      value: draft.disputeType ? DISPUTE_TYPE_LABELS[draft.disputeType] : '',
      step: 1,
    },
    { label: '调解室', value: `${draft.roomName}（${draft.roomAddress}）`, step: 2 },
    {
      label: '时间',
      value: draft.slotStart
        ? `${formatDay(draft.slotStart)} ${formatTime(draft.slotStart)}–${formatTime(draft.slotEnd)}`
        : '',
      step: 3,
    },
    { label: '申请人', value: applicant.name, step: 4 },
    {
      label: '对方',
      value: [draft.otherName.trim(), draft.relation, draft.otherPhone.trim()]
        .filter(Boolean)
        .join('，'),
      step: 4,
    },
    { label: '情况', value: draft.summary.trim(), step: 4 },
  ];
  return (
    <Section title="请核对一下">
      <View className="bk-summary" id="booking-summary">
        {rows.map((row) => (
          <View key={row.label} className="bk-summary__row">
            <View className="bk-summary__head">
              <Text className="t-label">{row.label}</Text>
              <Text className="t-small bk-link" onClick={() => onEdit(row.step)}>
                修改
              </Text>
            </View>
            <Text className="t-body">{row.value}</Text>
          </View>
        ))}
      </View>
      <View className="notice">
        <Text className="t-body">
          提交以后：调解员会先问问对方愿不愿意调解（调解是自愿的），对方同意了，预约才算确认，我们会通知您。调解前一天还会提醒您。
        </Text>
      </View>
    </Section>
  );
}
