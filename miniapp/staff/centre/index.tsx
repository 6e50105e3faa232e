/**
 * 指挥中心 (command centre) for the centre, the admin and county officers: the statistics
 * overview of a period (a county-level account sees its whole county, town by town) — totals,
 * by kind, by village, by status, the rates (按期办结率, 满意率,
 * 调解成功率, 线索受理率, 法德明白人覆盖率) and the calendar warning — drawn with plain views
 * (labelled bars and rings, no chart library), and the overdue concerns with 督办.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { useMemo, useRef, useState } from 'react';
import type { ConcernListItem } from '../../../functions/concern/concern.views';
import { CallView } from '../../components/CallView';
import { Choices } from '../../components/Choices';
import { Screen } from '../../components/Screen';
import { staffGate } from '../StaffGate';
import { Section } from '../../components/Section';
import { formatDateTime, formatDay } from '../../lib/format';
import { go } from '../../lib/nav';
import { api } from '../../services/api';
import { isNetworkError } from '../../services/errors';
import { hasRole, useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type { StatsOverview } from '../../services/views';
import { Button, NoticeBar } from '../../ui';
import './index.scss';
import { chinaToday } from '../../../shared/calendar/china-time';

dayjs.extend(utc);

type Period = 'month' | 'last' | 'year';

const PERIODS: readonly { value: Period; label: string }[] = [
  { value: 'month', label: '本月' },
  { value: 'last', label: '上月' },
  { value: 'year', label: '今年' },
];

/** The period's first and last day, in China time (the current period ends today). */
function periodRange(period: Period): { from: string; to: string } {
  const today = dayjs.utc(chinaToday());
  const fmt = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD');
  if (period === 'last') {
    const last = today.startOf('month').subtract(1, 'day');
    return { from: fmt(last.startOf('month')), to: fmt(last) };
  }
  if (period === 'year') return { from: fmt(today.startOf('year')), to: fmt(today) };
  return { from: fmt(today.startOf('month')), to: fmt(today) };
}

interface ConcernPage {
  readonly items: readonly ConcernListItem[];
  readonly nextCursor: string | null;
}

function percent(rate: number | null): string {
  return rate === null ? '暂无' : `${Math.round(rate * 1000) / 10}%`;
}

/** A rate as a ring with the percentage inside and what it counts under it. */
function RateRing({
  id,
  label,
  rate,
  detail,
}: {
  readonly id: string;
  readonly label: string;
  readonly rate: number | null;
  readonly detail: string;
}) {
  const pct = rate === null ? 0 : Math.round(rate * 100);
  const tone =
    rate === null ? '' : rate >= 0.9 ? ' ce-ring--ok' : rate >= 0.6 ? '' : ' ce-ring--low';
  return (
    <View className="ce-rate" id={id}>
      <View
        className={`ce-ring${tone}`}
        style={{
          background:
            rate === null
              ? '#ece8e3'
              : `conic-gradient(var(--ce-ring-color) 0 ${pct}%, #ece8e3 ${pct}% 100%)`,
        }}
      >
        <View className="ce-ring__hole">
          <Text className="t-label">{percent(rate)}</Text>
        </View>
      </View>
      <Text className="t-label ce-rate__label">{label}</Text>
      <Text className="t-small muted ce-rate__detail">{detail}</Text>
    </View>
  );
}

interface BarRow {
  readonly key: string;
  readonly label: string;
  readonly count: number;
  /** Shown instead of the share when set (e.g. a coverage rate). */
  readonly note?: string;
  /** Bar length 0..1 when not count/max. */
  readonly fill?: number;
}

/** Horizontal bars: the label, a bar as long as the count's share of the largest, the number. */
function Bars({
  rows,
  unit = '件',
  empty,
}: {
  readonly rows: readonly BarRow[];
  readonly unit?: string;
  readonly empty: string;
}) {
  if (rows.length === 0) return <Text className="t-body muted">{empty}</Text>;
  const max = Math.max(...rows.map((r) => r.count), 1);
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return (
    <View className="ce-bars">
      {rows.map((r) => {
        const fill = r.fill ?? r.count / max;
        return (
          <View key={r.key} className="ce-bar">
            <Text className="t-body ce-bar__label">{r.label}</Text>
            <View className="ce-bar__track">
              <View
                className="ce-bar__fill"
                style={{ width: `${Math.max(fill * 100, r.count > 0 ? 2 : 0)}%` }}
              />
            </View>
            <Text className="t-body ce-bar__value">
              {r.count}
              {unit}
              <Text className="t-small muted">
                {r.note ?? (total > 0 ? `（${Math.round((r.count / total) * 100)}%）` : '')}
              </Text>
            </Text>
          </View>
        );
      })}
    </View>
  );
}

function Totals({ data }: { readonly data: StatsOverview }) {
  const cells = [
    { id: 'total-concerns', label: '群众说事', value: data.concerns.total, tone: '' },
    {
      id: 'total-overdue',
      label: '现在超期',
      value: data.concerns.overdueNow,
      tone: data.concerns.overdueNow > 0 ? ' danger' : '',
    },
    { id: 'total-mediation', label: '调解办结', value: data.mediation.ended, tone: '' },
    { id: 'total-clues', label: '公益诉讼线索', value: data.clues.received, tone: '' },
  ];
  return (
    <View className="ce-totals">
      {cells.map((c) => (
        <View key={c.id} id={c.id} className="ce-total">
          <Text className={`t-hero${c.tone}`}>{c.value}</Text>
          <Text className="t-small muted">{c.label}</Text>
        </View>
      ))}
    </View>
  );
}

function Overview({
  data,
  keepsCalendar,
}: {
  readonly data: StatsOverview;
  readonly keepsCalendar: boolean;
}) {
  const c = data.concerns;
  const villages = [...c.byVillage].sort((a, b) => b.count - a.count).slice(0, 10);
  const coverage = [...data.learning.byVillage]
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1))
    .slice(0, 10);
  return (
    <View id="stats-overview" className="stack">
      {data.calendar.message !== null && (
        // NutUI's NoticeBar does not pass an id on: the box around it carries it.
        <View id="calendar-warning">
          <NoticeBar content={data.calendar.message} wrap />
        </View>
      )}
      {data.calendar.message !== null && keepsCalendar && (
        <Button
          id="calendar-enter"
          className="btn"
          type="primary"
          onClick={() => go('staffCalendar')}
        >
          去录入节假日安排
        </Button>
      )}
      <Text className="t-small muted">
        统计 {formatDay(data.from)} 至 {formatDay(data.to)}，{formatDateTime(data.generatedAt)} 更新
      </Text>
      <Totals data={data} />
      {data.tasks.overdueNow !== null && data.tasks.overdueNow > 0 && (
        <Text className="t-body danger">另有 {data.tasks.overdueNow} 项任务已超期未办</Text>
      )}

      <Section title="办理成效">
        <View className="ce-rates">
          <RateRing
            id="rate-on-time"
            label="按期办结率"
            rate={c.onTimeRate}
            detail={`办结 ${c.resolved} 件，按期 ${c.resolvedOnTime} 件`}
          />
          <RateRing
            id="rate-satisfaction"
            label="满意率"
            rate={c.satisfactionRate}
            detail={`评价 ${c.rated} 件，满意 ${c.satisfied} 件`}
          />
          <RateRing
            id="rate-mediation"
            label="调解成功率"
            rate={data.mediation.successRate}
            detail={`办结 ${data.mediation.ended} 件，成功 ${data.mediation.succeeded} 件，未到场 ${data.mediation.noShows} 次`}
          />
          <RateRing
            id="rate-clues"
            label="线索受理率"
            rate={data.clues.acceptanceRate}
            detail={`已审查 ${data.clues.decided} 条，受理 ${data.clues.accepted} 条`}
          />
          <RateRing
            id="rate-coverage"
            label="法德明白人覆盖"
            rate={data.learning.coverageRate}
            detail={`${data.learning.households} 户中 ${data.learning.covered} 户`}
          />
        </View>
      </Section>

      <Section title="按类别">
        <Bars
          rows={c.byKind.map((r) => ({ key: r.code, label: r.label, count: r.count }))}
          empty="这段时间没有群众说事"
        />
      </Section>

      {data.towns !== null && (
        <Section title="按镇">
          <Bars
            rows={data.towns.map((t) => ({
              key: t.townId,
              label: t.name,
              count: t.total,
              note: `（按期${percent(t.onTimeRate)}，满意${percent(t.satisfactionRate)}${
                t.overdueNow > 0 ? `，超期${t.overdueNow}件` : ''
              }）`,
            }))}
            empty="县里还没有镇"
          />
        </Section>
      )}

      <Section title="按村（前10个）">
        <Bars
          rows={villages.map((r) => ({ key: r.gridNodeId, label: r.name, count: r.count }))}
          empty="这段时间没有群众说事"
        />
      </Section>

      <Section title="按办理状态">
        <Bars
          rows={c.byStatus
            .filter((r) => r.count > 0)
            .map((r) => ({ key: r.code, label: r.label, count: r.count }))}
          empty="这段时间没有群众说事"
        />
      </Section>

      <Section title="调解预约">
        <Bars
          rows={data.mediation.byStatus
            .filter((r) => r.count > 0)
            .map((r) => ({ key: r.code, label: r.label, count: r.count }))}
          empty="这段时间没有调解预约"
        />
      </Section>

      <Section title="公益诉讼线索">
        <Bars
          unit="条"
          rows={data.clues.byStatus
            .filter((r) => r.count > 0)
            .map((r) => ({ key: r.code, label: r.label, count: r.count }))}
          empty="这段时间没有收到线索"
        />
      </Section>

      <Section title="一户一法德明白人（累计，覆盖率前10个村）">
        <Bars
          unit="户"
          rows={coverage.map((r) => ({
            key: r.gridNodeId,
            label: r.name,
            count: r.covered,
            fill: r.rate ?? 0,
            note: `/${r.households}（${percent(r.rate)}）`,
          }))}
          empty="还没有登记户的村"
        />
      </Section>
    </View>
  );
}

function OverdueList({ canSupervise }: { readonly canSupervise: boolean }) {
  const { state, reload } = useCall<ConcernPage>('concern', 'listAssigned', {
    overdue: true,
    limit: 50,
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void reload();
    shown.current = true;
  });

  const supervise = async (item: ConcernListItem): Promise<void> => {
    if (busy !== null) return;
    const note = `${item.overdueText ?? '已超期'}，请尽快办理，今天内回复办理进展。`;
    const sure = await Taro.showModal({
      title: '督办这件事？',
      content: `「${item.title}」\n督办意见：${note}\n承办人会马上收到通知。`,
      confirmText: '督办',
      cancelText: '不督办',
      confirmColor: '#b3261e',
    });
    if (!sure.confirm) return;
    setBusy(item.id);
    setMessage(null);
    try {
      const reply = await api.call('concern', 'supervise', { concernId: item.id, note });
      if (reply.ok) {
        setMessage(`已督办「${item.title}」，承办人已收到通知`);
        void Taro.showToast({ title: '已督办', icon: 'success' });
        await reload();
      } else setMessage(reply.error.message);
    } catch (thrown) {
      setMessage(
        isNetworkError(thrown) ? '网络不通，没有督办成功，请联网后再试' : '出错了，请稍后再试',
      );
    } finally {
      setBusy(null);
    }
  };

  return (
    <Section title="超期事项">
      {message !== null && (
        <Text id="supervise-message" className="t-body ce-message">
          {message}
        </Text>
      )}
      <CallView state={state} onRetry={() => void reload()}>
        {(page) =>
          page.items.length === 0 ? (
            <View id="overdue-list">
              <View className="call-state">
                <Text className="t-body muted">没有超期的事项</Text>
              </View>
            </View>
          ) : (
            <View id="overdue-list" className="stack">
              <Text className="t-small muted">
                共 {page.items.length}
                {page.nextCursor !== null ? '+' : ''} 件，超期最久的在最前面；点一件可以查看详情
              </Text>
              {page.items.map((item, index) => {
                return (
                  <View
                    key={item.id}
                    className="item overdue-item"
                    onClick={() => go('staffTask', { id: item.id })}
                  >
                    <View className="item__head">
                      <Text className="t-label">{item.title}</Text>
                      <Text className="badge-overdue t-small">{item.overdueText ?? '已超期'}</Text>
                    </View>
                    <Text className="t-small muted">
                      {item.placeName} · {item.kindLabel} · {item.topicLabel} · {item.statusLabel}
                    </Text>
                    {item.dueAt !== null && (
                      <Text className="t-small danger">应在 {formatDay(item.dueAt)}前办结</Text>
                    )}
                    {canSupervise && (
                      <Button
                        id={`supervise-${index}`}
                        className="btn"
                        type="primary"
                        fill="outline"
                        loading={busy === item.id}
                        disabled={busy !== null}
                        onClick={(e) => {
                          e.stopPropagation();
                          void supervise(item);
                        }}
                      >
                        督办
                      </Button>
                    )}
                  </View>
                );
              })}
            </View>
          )
        }
      </CallView>
    </Section>
  );
}

export default function Centre() {
  const me = useMe();
  const allowed = hasRole(me, 'center_operator', 'admin', 'county_officer');
  const operator = hasRole(me, 'center_operator');
  const [period, setPeriod] = useState<Period>('month');
  const range = useMemo(() => periodRange(period), [period]);
  const { state, reload } = useCall<StatsOverview>('stats', 'overview', allowed ? range : null);

  const gate = staffGate(
    me,
    allowed,
    '指挥中心',
    '指挥中心的统计只有指挥中心、管理员和县里的工作人员可以看。',
  );
  if (gate !== null) return gate;

  return (
    <Screen title="指挥中心">
      <View className="ce-head">
        <Text className="t-title">指挥中心</Text>
        <Choices
          idPrefix="period"
          options={PERIODS}
          value={period}
          onChange={setPeriod}
          columns={3}
        />
      </View>
      <CallView state={state} onRetry={() => void reload()}>
        {(data) => <Overview data={data} keepsCalendar={hasRole(me, 'admin')} />}
      </CallView>
      {operator ? (
        <OverdueList canSupervise />
      ) : (
        <Section title="超期事项">
          <Text className="t-body muted">
            超期事项由指挥中心督办；上面的「现在超期」是全镇的件数。
          </Text>
        </Section>
      )}
    </Screen>
  );
}
