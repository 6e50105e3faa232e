/**
 * 首页 / 百姓说事点: four big doors (说事, 调解, 学法, 线索), what I have open right now, and for
 * staff a 工作台 card leading to their own screens by role.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useRef } from 'react';
import type { ConcernListItem } from '../../../functions/concern/concern.views';
import type { Role } from '../../../shared/kernel/roles';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import type { RouteName } from '../../routes';
import { go } from '../../lib/nav';
import type { MeState } from '../../services/session';
import { hasRole, isStaff, refreshMe, useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type { BookingView, HolidayCalendarView, MeView } from '../../services/views';
import { Button, NoticeBar } from '../../ui';
import { awaitsRating, dueWords, isFinished } from '../concern/concern-words';
import './index.scss';

interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

interface Entry {
  readonly id: string;
  readonly mark: string;
  readonly title: string;
  readonly hint: string;
  readonly route: RouteName;
}

const ENTRIES: readonly Entry[] = [
  {
    id: 'entry-concern',
    mark: '说',
    title: '我要说事',
    hint: '求助、反映问题、提建议',
    route: 'concernNew',
  },
  {
    id: 'entry-mediation',
    mark: '调',
    title: '预约调解',
    hint: '邻里家庭矛盾，找调解员',
    route: 'mediationBook',
  },
  {
    id: 'entry-learning',
    mark: '法',
    title: '学法用法',
    hint: '身边的法律故事和讲座',
    route: 'learning',
  },
  {
    id: 'entry-clue',
    mark: '诉',
    title: '公益诉讼线索',
    hint: '污染、食品安全等，可匿名',
    route: 'clueNew',
  },
];

interface StaffEntry {
  readonly id: string;
  readonly title: string;
  readonly route: RouteName;
  readonly roles: readonly Role[];
}

/** task.inbox serves every staff role but the county's (who only reads statistics). */
const STAFF_ENTRIES: readonly StaffEntry[] = [
  {
    id: 'entry-staff-inbox',
    title: '我的任务',
    route: 'staffInbox',
    roles: [
      'grid_worker',
      'mediator',
      'legal_adviser',
      'dept_officer',
      'prosecutor_liaison',
      'prosecutor',
      'center_operator',
      'admin',
    ],
  },
  { id: 'entry-staff-proxy', title: '代办说事', route: 'staffProxy', roles: ['grid_worker'] },
  {
    id: 'entry-staff-hotline',
    title: '热线登记',
    route: 'staffProxy',
    roles: ['center_operator'],
  },
  { id: 'entry-staff-room', title: '调解室', route: 'staffRoom', roles: ['mediator'] },
  {
    id: 'entry-staff-clues',
    title: '线索审查',
    route: 'staffClues',
    roles: ['prosecutor', 'prosecutor_liaison'],
  },
  {
    id: 'entry-staff-centre',
    title: '指挥中心',
    route: 'staffCentre',
    roles: ['center_operator', 'admin', 'county_officer'],
  },
  { id: 'entry-staff-calendar', title: '节假日安排', route: 'staffCalendar', roles: ['admin'] },
  {
    id: 'entry-staff-admin',
    title: '管理后台',
    route: 'staffAdmin',
    roles: ['admin', 'center_operator'],
  },
];

/**
 * The calendar banner on the admin's and the centre's home screen: from 1 November, while next
 * year's holidays (or this year's) are in neither the library nor the town's table.
 */
function CalendarBanner({ state }: { readonly state: MeState }) {
  const keeps = hasRole(state, 'admin', 'center_operator');
  const { state: view } = useCall<HolidayCalendarView>(
    'admin',
    'holidayCalendar',
    keeps ? {} : null,
  );
  if (!keeps || view.status !== 'ok' || view.data.warning.message === null) return null;
  const admin = hasRole(state, 'admin');
  return (
    <Section>
      <View id="home-calendar-warning" className="stack">
        <NoticeBar content={view.data.warning.message} wrap />
        {admin && (
          <Button className="btn" type="primary" onClick={() => go('staffCalendar')}>
            去录入节假日安排
          </Button>
        )}
      </View>
    </Section>
  );
}

const OPEN_CONCERNS_SHOWN = 3;
const BOOKINGS_SHOWN = 2;

function Greeting({ state }: { readonly state: MeState }) {
  if (state.status !== 'signedIn') {
    return (
      <Section>
        <Text className="t-hero">百姓说事点</Text>
        <Text className="t-body muted">有事您说，我们来办。网格员、调解员就在您身边。</Text>
        {state.status === 'signedOut' && (
          <Button id="home-login" className="btn-block" type="primary" onClick={() => go('login')}>
            登录 / 注册
          </Button>
        )}
        {state.status === 'offline' && (
          <Text className="t-small warn">网络不通，联网后再看办理进展。</Text>
        )}
      </Section>
    );
  }
  const me: MeView = state.me;
  const place = me.village?.name ?? me.community?.name ?? '';
  return (
    <Section>
      <Text className="t-hero">百姓说事点</Text>
      <Text className="t-body" id="home-town">
        {me.town.name}
        {place ? ` · ${place}` : ''}
      </Text>
      <Text className="t-body muted">
        {me.name}，您好！有事您说，网格员帮您办，办得怎么样您来评。
      </Text>
    </Section>
  );
}

function StaffDesk({ state }: { readonly state: MeState }) {
  const entries = STAFF_ENTRIES.filter((e) => hasRole(state, ...e.roles));
  if (entries.length === 0) return null;
  return (
    <Section title="工作台">
      <View className="home-desk">
        {entries.map((e) => (
          <Button
            key={e.id}
            id={e.id}
            className="btn"
            type="primary"
            fill="outline"
            onClick={() => go(e.route)}
          >
            {e.title}
          </Button>
        ))}
      </View>
    </Section>
  );
}

function upcoming(bookings: readonly BookingView[], now: number): BookingView[] {
  return bookings
    .filter(
      (b) => (b.status === 'requested' || b.status === 'confirmed') && Date.parse(b.slot.end) > now,
    )
    .sort((a, b) => Date.parse(a.slot.start) - Date.parse(b.slot.start))
    .slice(0, BOOKINGS_SHOWN);
}

function MyOpenItems() {
  const concerns = useCall<Page<ConcernListItem>>('concern', 'listMine', { limit: 20 });
  const bookings = useCall<Page<BookingView>>('mediation', 'listMine', { limit: 20 });
  const shown = useRef(false);

  useDidShow(() => {
    if (shown.current) {
      void concerns.reload();
      void bookings.reload();
    }
    shown.current = true;
  });
  usePullDownRefresh(() => {
    void Promise.all([refreshMe(), concerns.reload(), bookings.reload()]).finally(() =>
      Taro.stopPullDownRefresh(),
    );
  });

  const open =
    concerns.state.status === 'ok'
      ? concerns.state.data.items.filter((c) => !isFinished(c.status)).slice(0, OPEN_CONCERNS_SHOWN)
      : [];
  const soon =
    bookings.state.status === 'ok' ? upcoming(bookings.state.data.items, Date.now()) : [];
  const loading = concerns.state.status === 'loading' || bookings.state.status === 'loading';
  const offline = concerns.state.status === 'offline' || bookings.state.status === 'offline';
  const refused = [concerns.state, bookings.state].find((s) => s.status === 'error');

  return (
    <Section
      title="我正在办的事"
      extra={
        <Text className="t-body home-more" id="home-mine-all" onClick={() => go('mine')}>
          全部 ›
        </Text>
      }
    >
      {loading && <Text className="t-body muted">正在读取…</Text>}
      {!loading && offline && (
        <Text className="t-body muted">网络不通，暂时读不到。下拉可以重试。</Text>
      )}
      {!loading && refused && refused.status === 'error' && (
        <Text className="t-body muted">{refused.error.message}</Text>
      )}
      {!loading && !offline && !refused && open.length === 0 && soon.length === 0 && (
        <Text className="t-body muted">现在没有正在办的事。有事点上面的「我要说事」。</Text>
      )}
      {open.map((c) => (
        <View
          key={c.id}
          className={`item home-item home-concern${awaitsRating(c.status) ? ' home-item--rate' : ''}`}
          onClick={() => go('concernDetail', { id: c.id })}
        >
          <View className="item__head">
            <Text className="t-label">说事 · {c.topicLabel}</Text>
            {awaitsRating(c.status) ? (
              <Text className="t-small home-tag-rate">请评价</Text>
            ) : (
              <Text className="t-small home-status">{c.statusLabel}</Text>
            )}
          </View>
          <Text className="t-body">{c.title}</Text>
          {!awaitsRating(c.status) && c.dueAt && (
            <View className="row">
              <Text className={`t-small${c.deadline === 'overdue' ? ' danger' : ' muted'}`}>
                {dueWords(c.dueAt)}
              </Text>
              {c.deadline === 'overdue' && <Text className="t-small badge-overdue">已超期</Text>}
            </View>
          )}
        </View>
      ))}
      {soon.map((b) => (
        <View
          key={b.id}
          className="item home-item home-booking"
          onClick={() => go('mediationDetail', { id: b.id })}
        >
          <View className="item__head">
            <Text className="t-label">调解 · {b.disputeTypeLabel}</Text>
            <Text className="t-small home-status">{b.statusLabel}</Text>
          </View>
          <Text className="t-body">{b.slot.label}</Text>
          <Text className="t-small muted">{b.room.name}</Text>
        </View>
      ))}
    </Section>
  );
}

export default function Home() {
  const me = useMe();
  return (
    <Screen title="百姓说事点" className="home">
      <Greeting state={me} />
      <View className="home-entries">
        {ENTRIES.map((e) => (
          <View key={e.id} id={e.id} className="home-entry" onClick={() => go(e.route)}>
            <View
              className={`home-entry__mark home-entry__mark--${e.mark === '说' ? 'main' : 'plain'}`}
            >
              <Text className="t-hero">{e.mark}</Text>
            </View>
            <Text className="t-title">{e.title}</Text>
            <Text className="t-small muted">{e.hint}</Text>
          </View>
        ))}
      </View>
      {isStaff(me) && <CalendarBanner state={me} />}
      {isStaff(me) && <StaffDesk state={me} />}
      {me.status === 'signedIn' && <MyOpenItems />}
    </Screen>
  );
}
