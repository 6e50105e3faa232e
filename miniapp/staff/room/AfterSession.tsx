/**
 * The mediator's steps after a session's slot has started, on the session card: record that a
 * party did not come (登记未到场 — the applicant is offered a new slot), and the performance
 * return visit (履行回访) of a successful agreement, term by term. The server refuses a no-show
 * before the slot starts with a message naming the time, shown here. Both go through the
 * submission outbox, so a weak network keeps them on the phone and records them once.
 */
import { Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { NoShowWho, TermState } from '../../../shared/mediation/mediation.followup.schema';
import {
  NO_SHOW_WHO,
  NO_SHOW_WHO_LABELS,
  TERM_STATE_LABELS,
  TERM_STATES,
} from '../../../shared/mediation/mediation.followup.schema';
import { Choices } from '../../components/Choices';
import { formatDateTime, formatDay } from '../../lib/format';
import { submit } from '../../services/outbox';
import { newRequestId } from '../../services/request-id';
import type { BookingView } from '../../services/views';
import { Button } from '../../ui';

interface Props {
  readonly booking: BookingView;
  readonly index: number;
  readonly onChanged: (next: BookingView) => void;
}

/**
 * Sends one step through the submission outbox: on a weak network it waits on the phone and
 * goes out with the same requestId when the network returns (recorded once).
 */
function useSend(onChanged: (next: BookingView) => void) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const send = async (
    action: string,
    data: Record<string, unknown>,
    said: string,
    label: string,
  ): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    setMessage(null);
    try {
      const outcome = await submit<BookingView>('mediation', action, data, {
        requestId: newRequestId('bk'),
        label,
      });
      if (outcome.kind === 'done') {
        onChanged(outcome.data);
        setMessage(said);
        void Taro.showToast({ title: said.slice(0, 20), icon: 'none' });
        return true;
      }
      setMessage(
        outcome.kind === 'refused'
          ? outcome.error.message
          : '网络不通，已存在手机上，联网后会自动提交，不会重复登记。',
      );
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, send };
}

/** 登记未到场: who did not come, after the slot has started. */
export function NoShowPanel({ booking: b, index, onChanged }: Props) {
  const [open, setOpen] = useState(false);
  const [who, setWho] = useState<NoShowWho | null>(null);
  const { busy, message, send } = useSend(onChanged);
  const submit = async (): Promise<void> => {
    if (who === null) return;
    const sure = await Taro.showModal({
      title: '登记未到场',
      content: `登记${NO_SHOW_WHO_LABELS[who]}没有到场后，这次调解就结束了，申请人会收到通知，可以重新预约。确定吗？`,
      confirmText: '确定',
      cancelText: '再想想',
    });
    if (!sure.confirm) return;
    await send(
      'markNoShow',
      { bookingId: b.id, who },
      '已登记未到场，已通知申请人重新预约',
      `登记未到场：${b.summary.slice(0, 12)}`,
    );
  };
  return (
    <View className="stack">
      <Button id={`no-show-${index}`} className="btn" fill="outline" onClick={() => setOpen(!open)}>
        {open ? '收起' : '有人没来（登记未到场）'}
      </Button>
      {open && (
        <View className="rm-panel stack">
          <Text className="t-label">谁没有到场？</Text>
          <Choices
            idPrefix={`no-show-who-${index}`}
            options={NO_SHOW_WHO.map((w) => ({ value: w, label: NO_SHOW_WHO_LABELS[w] }))}
            value={who}
            onChange={setWho}
            columns={3}
          />
          <Button
            id={`no-show-confirm-${index}`}
            className="btn-block"
            type="primary"
            disabled={busy || who === null}
            onClick={() => void submit()}
          >
            登记未到场
          </Button>
        </View>
      )}
      {message !== null && (
        <Text className="t-body rm-message" id={`no-show-message-${index}`}>
          {message}
        </Text>
      )}
    </View>
  );
}

const NEXT_VISIT = [
  { value: 'none', label: '不用再回访', days: 0 },
  { value: 'd7', label: '一周后再回访', days: 7 },
  { value: 'd30', label: '一个月后再回访', days: 30 },
] as const;
type NextVisit = (typeof NEXT_VISIT)[number]['value'];

function plusDays(days: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** 履行回访: each term of the agreement kept / partly / not kept, a note, the next visit. */
export function VisitPanel({ booking: b, index, onChanged }: Props) {
  const terms = b.followUp.terms;
  const [open, setOpen] = useState(false);
  const [states, setStates] = useState<(TermState | null)[]>(() => terms.map(() => null));
  const [note, setNote] = useState('');
  const [next, setNext] = useState<NextVisit>('none');
  const { busy, message, send } = useSend(onChanged);
  const visits = b.followUp.visits;
  const ready = states.every((s) => s !== null) && note.trim().length > 0;
  const submit = async (): Promise<void> => {
    if (!ready) return;
    const days = NEXT_VISIT.find((n) => n.value === next)?.days ?? 0;
    const sent = await send(
      'recordVisit',
      {
        bookingId: b.id,
        terms: states.map((state, i) => ({ index: i, state })),
        note: note.trim(),
        ...(days > 0 ? { nextVisitOn: plusDays(days) } : {}),
      },
      '已记录履行回访，已告知申请人',
      `履行回访：${b.summary.slice(0, 12)}`,
    );
    if (sent) setOpen(false);
  };
  return (
    <View className="stack">
      {visits.map((v, vi) => (
        <View key={v.at} className="rm-panel stack" id={`visit-${index}-${vi}`}>
          <Text className="t-label">{formatDateTime(v.at)} 履行回访</Text>
          {v.terms.map((t) => (
            <Text
              key={t.index}
              className={`t-body ${t.state === 'kept' ? 'ok' : t.state === 'partly' ? 'warn' : 'danger'}`}
            >
              第{t.index + 1}条 {t.stateLabel}：{t.term}
              {t.note ? `（${t.note}）` : ''}
            </Text>
          ))}
          <Text className="t-small muted">{v.note}</Text>
          {v.nextVisitOn ? (
            <Text className="t-small muted">下次回访：{formatDay(v.nextVisitOn)}</Text>
          ) : null}
        </View>
      ))}
      <Button id={`visit-${index}`} className="btn" fill="outline" onClick={() => setOpen(!open)}>
        {open ? '收起' : '履行回访（协议执行得怎么样）'}
      </Button>
      {open && (
        <View className="rm-panel stack">
          {terms.length === 0 && <Text className="t-body muted">协议书里没有写明条款。</Text>}
          {terms.map((term, i) => (
            <View key={`${i}-${term}`} className="stack">
              <Text className="t-label">
                第{i + 1}条：{term}
              </Text>
              <Choices
                idPrefix={`visit-${index}-term-${i}`}
                options={TERM_STATES.map((s) => ({ value: s, label: TERM_STATE_LABELS[s] }))}
                value={states[i] ?? null}
                onChange={(s) => setStates((all) => all.map((x, j) => (j === i ? s : x)))}
                columns={3}
              />
            </View>
          ))}
          <Text className="t-label">回访情况</Text>
          <Textarea
            id={`visit-${index}-note`}
            className="textarea"
            value={note}
            maxlength={1000}
            placeholder="例如：排水沟已经疏通，赔偿款还没给"
            onInput={(e) => setNote(e.detail.value)}
          />
          <Choices
            idPrefix={`visit-${index}-next`}
            options={NEXT_VISIT.map((n) => ({ value: n.value, label: n.label }))}
            value={next}
            onChange={setNext}
            columns={3}
          />
          <Button
            id={`visit-submit-${index}`}
            className="btn-block"
            type="primary"
            disabled={busy || !ready}
            onClick={() => void submit()}
          >
            {ready ? '记录回访' : '请给每一条选履行情况，并写回访情况'}
          </Button>
        </View>
      )}
      {message !== null && (
        <Text className="t-body rm-message" id={`visit-message-${index}`}>
          {message}
        </Text>
      )}
    </View>
  );
}
