/**
 * 线索审查 (clue review queue) for the prosecutor and the prosecutor liaison: clue.listForReview,
 * oldest first, each with its domain, status, when it came in and the 7-working-day reply
 * deadline (件件有回复); filtered by status with big choices. Tap → the clue.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { ClueStatus } from '../../../shared/clue/clue.status';
import type { toReviewItem } from '../../../functions/clue/clue.views';
import { CallView } from '../../components/CallView';
import { Choices } from '../../components/Choices';
import { Screen } from '../../components/Screen';
import { staffGate } from '../StaffGate';
import { formatDay } from '../../lib/format';
import { go } from '../../lib/nav';
import { hasRole, useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type { ReplyState } from '../../services/views';

import './index.scss';

type ReviewItem = ReturnType<typeof toReviewItem>;

interface ReviewPage {
  readonly items: readonly ReviewItem[];
  readonly nextCursor: string | null;
}

type Filter = 'pending' | ClueStatus;

/** `pending` is the server's default: every clue still under review. */
const FILTERS: readonly { value: Filter; label: string }[] = [
  { value: 'pending', label: '全部待审查' },
  { value: 'received', label: '已收到' },
  { value: 'under_review', label: '审查中' },
  { value: 'more_info_requested', label: '待补充材料' },
  { value: 'verifying', label: '现场核实中' },
  { value: 'accepted', label: '已受理' },
  { value: 'not_accepted', label: '不予受理' },
  { value: 'transferred', label: '已移送' },
];

/** The reply due next: the procedural one (7 working days), then the result (3 months). */
function ReplyLine({ item }: { readonly item: ReviewItem }) {
  const d = item.deadlines;
  const procedural = d.proceduralState !== 'replied';
  const state: ReplyState = procedural ? d.proceduralState : d.resultState;
  if (state === 'replied') return <Text className="t-small ok">已答复举报人</Text>;
  const day = `${formatDay(procedural ? d.proceduralReplyDueAt : d.resultDueAt)}前${
    procedural ? '答复举报人' : '告知处理结果'
  }`;
  const late = procedural ? d.proceduralOverdue : d.resultOverdue;
  let line;
  if (state === 'overdue') {
    line = (
      <View className="row">
        <Text className="badge-overdue t-small">{late ?? '已超期'}</Text>
        <Text className="t-small danger">应在 {day}</Text>
      </View>
    );
  } else if (state === 'near_due') line = <Text className="t-small warn">快到期：{day}</Text>;
  else line = <Text className="t-small muted">{day}</Text>;
  if (d.calendarNote === null) return line;
  return (
    <View className="stack">
      {line}
      <Text className="t-small warn">{d.calendarNote}</Text>
    </View>
  );
}

function ClueItem({ item }: { readonly item: ReviewItem }) {
  return (
    <View
      className="item clue-item"
      id={`clue-${item.clueId}`}
      onClick={() => go('staffClue', { id: item.clueId })}
    >
      <View className="item__head">
        <Text className="t-label">{item.domain.label}</Text>
        <Text className="t-small danger">{item.statusLabel}</Text>
      </View>
      <Text className="t-body">{item.placeText}</Text>
      <Text className="t-small muted">
        {formatDay(item.receivedAt)}收到 · {item.reporterKind === 'anonymous' ? '匿名' : '实名'}
        {item.verified ? ' · 已现场核实' : ''}
        {item.possibleDuplicateCount > 0 ? ` · 可能重复 ${item.possibleDuplicateCount} 条` : ''}
      </Text>
      <ReplyLine item={item} />
    </View>
  );
}

export default function ClueQueue() {
  const me = useMe();
  const reviewer = hasRole(me, 'prosecutor', 'prosecutor_liaison');
  const [filter, setFilter] = useState<Filter>('pending');
  const { state, reload } = useCall<ReviewPage>(
    'clue',
    'listForReview',
    reviewer ? { limit: 100, ...(filter === 'pending' ? {} : { status: filter }) } : null,
  );
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    void reload().finally(() => void Taro.stopPullDownRefresh());
  });

  const gate = staffGate(me, reviewer, '线索审查', '公益诉讼线索只有检察官和检察联络员可以审查。');
  if (gate !== null) return gate;

  return (
    <Screen title="线索审查">
      <View className="cq-head">
        <Text className="t-title">公益诉讼线索</Text>
        <Text className="t-small muted">件件有回复：收到后 7 个工作日内答复举报人</Text>
      </View>
      <Choices idPrefix="clue-filter" options={FILTERS} value={filter} onChange={setFilter} />
      <View className="cq-list">
        <CallView state={state} onRetry={() => void reload()}>
          {(page) =>
            page.items.length === 0 ? (
              <View id="clues-empty" className="call-state">
                <Text className="t-body muted">这里没有线索</Text>
              </View>
            ) : (
              <View id="clue-list">
                {page.items.map((item) => (
                  <ClueItem key={item.clueId} item={item} />
                ))}
                {page.nextCursor !== null && (
                  <Text className="t-small muted">只显示最早的 100 条，处理完一些后会显示更多</Text>
                )}
              </View>
            )
          }
        </CallView>
      </View>
    </Screen>
  );
}
