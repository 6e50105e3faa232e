/**
 * 我的任务 (task inbox): the staff member's open tasks, most urgent first (the server orders
 * them: overdue, then by deadline). Live: new tasks arrive over SSE in the browser (a poll in
 * WeChat) and the list reads again with a short 「新任务：…」. Tapping a task opens what it is
 * about and marks it 已接收 (task.acknowledge) when it was still unseen. In WeChat the
 * 「开启新任务提醒」 button asks for consent to task notices (订阅消息) in its own tap.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CallView } from '../../components/CallView';
import { Choices } from '../../components/Choices';
import { Screen } from '../../components/Screen';
import { staffGate } from '../StaffGate';
import { formatDue } from '../../lib/format';
import { go } from '../../lib/nav';
import { api } from '../../services/api';
import { LIVE_HINT, watchTasks } from '../../services/live';
import { ACCEPTANCE_LASTS, askForUpdates, canAskFor, consentState } from '../../services/subscribe';
import { hasRole, isStaff, useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type { TaskView } from '../../services/views';
import { Button } from '../../ui';
import './index.scss';

interface InboxPage {
  readonly items: readonly TaskView[];
  readonly nextCursor: string | null;
}

type Filter = 'all' | 'overdue';

const FILTERS: readonly { value: Filter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'overdue', label: '已超期' },
];

/** Where a task is handled, by what it is about. */
function openTask(task: TaskView): void {
  if (task.status === 'open') {
    // 「收到」: marks it seen; a failure (offline, already seen) changes nothing on screen.
    void api.call('task', 'acknowledge', { taskId: task.id }).catch(() => undefined);
  }
  if (task.subject.type === 'concern') {
    go('staffTask', { id: task.subject.id, taskId: task.id, kind: task.kind });
  } else if (task.subject.type === 'clue') {
    go('staffClue', { id: task.subject.id, taskId: task.id });
  } else {
    go('staffRoom', { bookingId: task.subject.id, taskId: task.id });
  }
}

function DueLine({ task }: { readonly task: TaskView }) {
  if (task.dueAt === null) return <Text className="t-small muted">没有限定期限</Text>;
  const day = `${formatDue(task.dueAt)}前`;
  let line;
  if (task.deadline === 'overdue') {
    line = (
      <View className="row">
        <Text className="badge-overdue t-small">{task.overdueText ?? '已超期'}</Text>
        <Text className="t-small danger">应在 {day}办完</Text>
      </View>
    );
  } else if (task.deadline === 'near_due') {
    line = <Text className="t-small warn">快到期：{day}办完</Text>;
  } else line = <Text className="t-small muted">{day}办完</Text>;
  if (task.calendarNote === null) return line;
  return (
    <View className="stack">
      {line}
      <Text className="t-small warn">{task.calendarNote}</Text>
    </View>
  );
}

function TaskItem({ task }: { readonly task: TaskView }) {
  return (
    <View className="item task-item" id={`task-${task.id}`} onClick={() => openTask(task)}>
      <View className="item__head">
        <Text className="t-label">{task.kindLabel}</Text>
        <Text className={`t-small ${task.status === 'open' ? 'danger' : 'muted'}`}>
          {task.status === 'open' ? '新' : task.statusLabel}
        </Text>
      </View>
      <Text className="t-body">{task.subject.summary}</Text>
      <DueLine task={task} />
    </View>
  );
}

/** 新任务提醒: consent to task notices, asked in the button's tap (WeChat's rule). */
function TaskNotices() {
  const [state, setState] = useState(() => consentState('staffTasks'));
  if (!canAskFor('staffTasks')) return null;
  const turnOn = (): void => {
    // Synchronously in the tap: WeChat shows the consent dialog only here.
    void askForUpdates('staffTasks', { explicit: true }).then(() =>
      setState(consentState('staffTasks')),
    );
  };
  return (
    <View className="notice ib-notices" id="inbox-notices">
      <Text className={`t-body${state === 'accepted' ? ' ok' : ''}`}>
        {state === 'accepted'
          ? '已开启新任务提醒：有新任务时，微信服务通知会提醒您。'
          : state === 'refused'
            ? '您没有允许新任务提醒。需要时可以再开启。'
            : '开启后，有新任务时微信服务通知会提醒您。'}
      </Text>
      {!(ACCEPTANCE_LASTS && state === 'accepted') && (
        <Button id="inbox-subscribe" className="btn-block" fill="outline" onClick={turnOn}>
          {state === 'accepted' ? '再开启一次（每开启一次可收一条提醒）' : '开启新任务提醒'}
        </Button>
      )}
    </View>
  );
}

export default function Inbox() {
  const me = useMe();
  const staff = isStaff(me);
  const { state, reload } = useCall<InboxPage>('task', 'inbox', staff ? { limit: 100 } : null);
  const [filter, setFilter] = useState<Filter>('all');
  const stopLive = useRef<(() => void) | null>(null);
  const shown = useRef(false);

  const startLive = useCallback(() => {
    if (!staff || stopLive.current !== null) return;
    stopLive.current = watchTasks((event) => {
      void reload();
      if (event !== null) {
        void Taro.showToast({ title: `新任务：${event.title}`, icon: 'none', duration: 3000 });
      }
    });
  }, [staff, reload]);

  const endLive = useCallback(() => {
    stopLive.current?.();
    stopLive.current = null;
  }, []);

  // Live while the page is on screen; reads again when coming back from a task.
  useEffect(() => {
    startLive();
    return endLive;
  }, [startLive, endLive]);
  useDidShow(() => {
    if (shown.current) void reload();
    shown.current = true;
    startLive();
  });
  useDidHide(endLive);
  usePullDownRefresh(() => {
    void reload().finally(() => void Taro.stopPullDownRefresh());
  });

  const gate = staffGate(
    me,
    staff,
    '我的任务',
    '这里是工作人员的任务页面。您不是工作人员，看不到任务。',
  );
  if (gate !== null) return gate;

  return (
    <Screen title="我的任务">
      <View className="ib-head">
        <Text className="t-title">我的任务</Text>
        <Text id="inbox-live" className="t-small muted">
          {LIVE_HINT}，下拉可以刷新
        </Text>
      </View>
      <TaskNotices />
      <CallView state={state} onRetry={() => void reload()}>
        {(page) => {
          const overdue = page.items.filter((t) => t.deadline === 'overdue').length;
          const items =
            filter === 'overdue' ? page.items.filter((t) => t.deadline === 'overdue') : page.items;
          return (
            <View className="stack">
              <Choices
                idPrefix="inbox-filter"
                options={FILTERS.map((f) =>
                  f.value === 'overdue' ? { ...f, label: `已超期（${overdue}）` } : f,
                )}
                value={filter}
                onChange={setFilter}
              />
              <Text className="t-small muted">共 {page.items.length} 项待办，最急的排在最前面</Text>
              {items.length === 0 ? (
                <View id="inbox-empty" className="call-state">
                  <Text className="t-body muted">
                    {filter === 'overdue' ? '没有超期的任务' : '暂时没有待办任务'}
                  </Text>
                </View>
              ) : (
                <View id="inbox-list">
                  {items.map((task) => (
                    <TaskItem key={task.id} task={task} />
                  ))}
                </View>
              )}
              {page.nextCursor !== null && (
                <Text className="t-small muted">只显示最急的 100 项，办完一些后会显示更多</Text>
              )}
              {hasRole(me, 'grid_worker') && (
                <Button className="btn-block" fill="outline" onClick={() => go('staffProxy')}>
                  代村民反映问题（代办）
                </Button>
              )}
              {!hasRole(me, 'grid_worker') && hasRole(me, 'center_operator') && (
                <Button
                  id="inbox-hotline"
                  className="btn-block"
                  fill="outline"
                  onClick={() => go('staffProxy')}
                >
                  记录一个热线来电（123镇长热线）
                </Button>
              )}
              {hasRole(me, 'prosecutor', 'prosecutor_liaison') && (
                <Button className="btn-block" fill="outline" onClick={() => go('staffClues')}>
                  公益诉讼线索审查
                </Button>
              )}
            </View>
          );
        }}
      </CallView>
    </Screen>
  );
}
