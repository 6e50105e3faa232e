/**
 * 我的: who I am, and everything I have raised — my concerns (说事), my mediation bookings
 * (调解预约) and my public-interest clues (公益诉讼线索), each with where it stands. A concern
 * waiting for my rating is marked 「请评价」.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useRef } from 'react';
import type { ConcernListItem } from '../../../functions/concern/concern.views';
import { CallView } from '../../components/CallView';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { formatDateTime, formatDay } from '../../lib/format';
import { go } from '../../lib/nav';
import { refreshMe, useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type { BookingView, FollowedConcernItem, MeView, toMyClueItem } from '../../services/views';
import { Button, Loading } from '../../ui';
import { awaitsRating, dueWords, isBeingHandled } from '../concern/concern-words';
import './index.scss';

type MyClueItem = ReturnType<typeof toMyClueItem>;

interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

const LIST_LIMIT = 50;

function Header({ me }: { readonly me: MeView }) {
  const place = [me.community?.name, me.village?.name ?? me.gridNodes[0]?.name]
    .filter((p): p is string => Boolean(p))
    .join(' ');
  return (
    <Section>
      <View className="mine-head">
        <View className="mine-head__who">
          <Text className="t-hero">{me.name}</Text>
          <Text className="t-body muted">
            {me.town.name}
            {place ? ` · ${place}` : ''}
          </Text>
          {me.isStaff && (
            <Text className="t-small muted">
              {me.roles
                .filter((r) => r.code !== 'villager')
                .map((r) => r.label)
                .join('、')}
            </Text>
          )}
        </View>
      </View>
      <Button id="mine-profile" className="btn" fill="outline" onClick={() => go('profile')}>
        我的资料和设置
      </Button>
    </Section>
  );
}

function ConcernItem({ item }: { readonly item: ConcernListItem }) {
  const rate = awaitsRating(item.status);
  const overdue = item.deadline === 'overdue';
  return (
    <View
      className={`item mine-concern${rate ? ' mine-item--rate' : ''}`}
      id={`mine-concern-${item.id}`}
      onClick={() => go('concernDetail', { id: item.id })}
    >
      <View className="item__head">
        <Text className="t-label">
          {item.kindLabel} · {item.topicLabel}
        </Text>
        {rate ? (
          <Text className="t-small mine-tag-rate">请评价</Text>
        ) : (
          <Text
            className={`t-small mine-status${isBeingHandled(item.status) ? '' : ' mine-status--done'}`}
          >
            {item.statusLabel}
          </Text>
        )}
      </View>
      <Text className="t-body">{item.title}</Text>
      <View className="row">
        {isBeingHandled(item.status) && item.dueAt && (
          <Text className={`t-small${overdue ? ' danger' : ' muted'}`}>{dueWords(item.dueAt)}</Text>
        )}
        {overdue && <Text className="t-small badge-overdue">已超期</Text>}
        {item.emergency && <Text className="t-small danger">紧急</Text>}
        {!isBeingHandled(item.status) && (
          <Text className="t-small muted">
            {item.placeName} · {formatDay(item.createdAt)}提交
          </Text>
        )}
      </View>
    </View>
  );
}

function BookingItem({ item }: { readonly item: BookingView }) {
  return (
    <View
      className="item mine-booking"
      id={`mine-booking-${item.id}`}
      onClick={() => go('mediationDetail', { id: item.id })}
    >
      <View className="item__head">
        <Text className="t-label">{item.disputeTypeLabel}</Text>
        <Text className="t-small mine-status">{item.statusLabel}</Text>
      </View>
      <Text className="t-body">{item.slot.label}</Text>
      <Text className="t-small muted">{item.room.name}</Text>
    </View>
  );
}

function ClueItem({ item }: { readonly item: MyClueItem }) {
  return (
    <View
      className="item mine-clue"
      id={`mine-clue-${item.clueId}`}
      onClick={() => go('clueTrack', { code: item.trackingCode })}
    >
      <View className="item__head">
        <Text className="t-label">{item.domain.label}</Text>
        <Text className="t-small mine-status">{item.statusLabel}</Text>
      </View>
      <Text className="t-small muted">
        查询码 {item.trackingCode} · {formatDateTime(item.receivedAt)}提交
      </Text>
      <Text className="t-small">{item.explanation}</Text>
    </View>
  );
}

function Empty({
  words,
  action,
  onAction,
  id,
}: {
  readonly words: string;
  readonly action: string;
  readonly onAction: () => void;
  readonly id: string;
}) {
  return (
    <View className="mine-empty">
      <Text className="t-body muted">{words}</Text>
      <Button id={id} className="btn" fill="outline" onClick={onAction}>
        {action}
      </Button>
    </View>
  );
}

/** A concern the villager joined (我也遇到了): what, where, how many people, how far. */
function FollowedItem({ item }: { readonly item: FollowedConcernItem }) {
  return (
    <View
      className="item mine-concern"
      id={`mine-followed-${item.id}`}
      onClick={() => go('concernDetail', { id: item.id })}
    >
      <View className="item__head">
        <Text className="t-label">
          {item.topicLabel} · {item.placeName}
        </Text>
        <Text
          className={`t-small mine-status${isBeingHandled(item.status) ? '' : ' mine-status--done'}`}
        >
          {item.statusLabel}
        </Text>
      </View>
      <Text className="t-small muted">
        {item.people}人反映
        {isBeingHandled(item.status) && item.dueAt ? ` · ${dueWords(item.dueAt)}` : ''}
      </Text>
    </View>
  );
}

function Lists() {
  const concerns = useCall<Page<ConcernListItem>>('concern', 'listMine', { limit: LIST_LIMIT });
  const followed = useCall<Page<FollowedConcernItem>>('concern', 'listFollowed', {
    limit: LIST_LIMIT,
  });
  const bookings = useCall<Page<BookingView>>('mediation', 'listMine', { limit: LIST_LIMIT });
  const clues = useCall<Page<MyClueItem>>('clue', 'listMine', { limit: LIST_LIMIT });
  const shown = useRef(false);

  const reloadAll = (): Promise<unknown> =>
    Promise.all([concerns.reload(), followed.reload(), bookings.reload(), clues.reload()]);

  useDidShow(() => {
    // The first show is the first load; coming back (after rating, booking…) refreshes.
    if (shown.current) void reloadAll();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    void Promise.all([refreshMe(), reloadAll()]).finally(() => Taro.stopPullDownRefresh());
  });

  const waiting =
    concerns.state.status === 'ok'
      ? concerns.state.data.items.filter((i) => awaitsRating(i.status)).length
      : 0;

  return (
    <>
      {waiting > 0 && (
        <View className="notice mine-waiting" id="mine-rate-waiting">
          <Text className="t-body">
            有 {waiting} 件事已经办好，等您评价。点带「请评价」的那一件。
          </Text>
        </View>
      )}
      <Section title="我的说事">
        <CallView state={concerns.state} onRetry={() => void concerns.reload()}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty
                id="mine-concern-new"
                words="您还没有说过事。"
                action="我要说事"
                onAction={() => go('concernNew')}
              />
            ) : (
              <View className="mine-list">
                {page.items.map((item) => (
                  <ConcernItem key={item.id} item={item} />
                ))}
              </View>
            )
          }
        </CallView>
      </Section>
      {followed.state.status === 'ok' && followed.state.data.items.length > 0 && (
        <Section title="我关注的事">
          <View className="mine-list" id="mine-followed">
            {followed.state.data.items.map((item) => (
              <FollowedItem key={item.id} item={item} />
            ))}
          </View>
        </Section>
      )}
      <Section title="我的调解预约">
        <CallView state={bookings.state} onRetry={() => void bookings.reload()}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty
                id="mine-booking-new"
                words="您还没有预约过调解。"
                action="预约调解"
                onAction={() => go('mediationBook')}
              />
            ) : (
              <View className="mine-list">
                {page.items.map((item) => (
                  <BookingItem key={item.id} item={item} />
                ))}
              </View>
            )
          }
        </CallView>
      </Section>
      <Section title="我的线索">
        <CallView state={clues.state} onRetry={() => void clues.reload()}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty
                id="mine-clue-new"
                words="您还没有反映过公益诉讼线索。匿名反映的线索不在这里，请用查询码查。"
                action="反映线索"
                onAction={() => go('clueNew')}
              />
            ) : (
              <View className="mine-list">
                {page.items.map((item) => (
                  <ClueItem key={item.clueId} item={item} />
                ))}
              </View>
            )
          }
        </CallView>
      </Section>
    </>
  );
}

export default function MinePage() {
  const me = useMe();
  return (
    <Screen title="我的" className="mine">
      {me.status === 'loading' && (
        <View className="call-state">
          <Loading type="spinner" />
          <Text className="t-body muted">正在读取…</Text>
        </View>
      )}
      {me.status === 'offline' && (
        <View className="call-state">
          <Text className="t-body">网络不通，暂时读不到。</Text>
          <Button className="btn" type="primary" fill="outline" onClick={() => void refreshMe()}>
            重试
          </Button>
        </View>
      )}
      {me.status === 'signedOut' && (
        <Section>
          <Text className="t-title">您还没有登录</Text>
          <Text className="t-body muted">
            登录后可以看到您说过的事、预约的调解和反映的线索，以及办理进展。
          </Text>
          <Button id="mine-login" className="btn-block" type="primary" onClick={() => go('login')}>
            登录 / 注册
          </Button>
          <Button id="mine-privacy" className="btn" fill="outline" onClick={() => go('privacy')}>
            隐私说明
          </Button>
        </Section>
      )}
      {me.status === 'signedIn' && (
        <>
          <Header me={me.me} />
          <Lists />
        </>
      )}
    </Screen>
  );
}
