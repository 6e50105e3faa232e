/**
 * 学法用法 (tab page): the columns (以案释法, 法律常识, 政策解读) as big choices, a search box,
 * the articles with marks on what the reader has read, the household's 法德明白人 status and
 * reading path when signed in, and the way to the 法德讲堂 lectures.
 */
import { Input, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import type { ArticleCategory } from '../../../shared/learning/learning.schema';
import {
  ARTICLE_CATEGORIES,
  ARTICLE_CATEGORY_LABELS,
} from '../../../shared/learning/learning.schema';
import { CallView } from '../../components/CallView';
import { Choices } from '../../components/Choices';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { go } from '../../lib/nav';
import { api } from '../../services/api';
import { isNetworkError } from '../../services/errors';
import { useCall } from '../../services/use-call';
import { Button } from '../../ui';
import type {
  ArticleListItem,
  ArticlePage,
  HouseholdReply,
  MyProgressReply,
} from './learning.types';
import { useReaderTown } from './learning.town';
import './index.scss';

type CategoryChoice = 'all' | ArticleCategory;

const HINTS: Readonly<Record<ArticleCategory, string>> = {
  case_story: '身边的真事，讲里面的道理',
  legal_knowledge: '遇到事该知道的法律',
  policy: '新政策说的是什么',
};

const CATEGORY_OPTIONS: readonly { value: CategoryChoice; label: string; hint: string }[] = [
  { value: 'all', label: '全部', hint: '所有文章' },
  ...ARTICLE_CATEGORIES.map((c) => ({
    value: c,
    label: ARTICLE_CATEGORY_LABELS[c],
    hint: HINTS[c],
  })),
];

const PAGE_SIZE = 20;

export default function Learning() {
  const { town, choose, retry } = useReaderTown();
  const [category, setCategory] = useState<CategoryChoice>('all');
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');

  const ready = town.kind === 'ready';
  const signedIn = ready && town.me !== null;
  const listInput = ready
    ? {
        townId: town.townId,
        ...(category === 'all' ? {} : { category }),
        ...(query ? { q: query } : {}),
        limit: PAGE_SIZE,
      }
    : null;
  const list = useCall<ArticlePage>('learning', 'listArticles', listInput);
  const progress = useCall<MyProgressReply>('learning', 'myProgress', signedIn ? {} : null);
  const household = useCall<HouseholdReply>('learning', 'householdStatus', signedIn ? {} : null);
  const more = useMorePages(
    listInput,
    list.state.status === 'ok' ? list.state.data.nextCursor : null,
  );

  // Back from an article: the marks and the household card may have changed.
  const shown = useRef(false);
  useDidShow(() => {
    if (!shown.current) {
      shown.current = true;
      return;
    }
    void list.reload();
    more.reset();
    if (signedIn) {
      void progress.reload();
      void household.reload();
    }
  });

  const search = (): void => setQuery(typed.trim().slice(0, 30));

  return (
    <Screen title="学法用法" className="li">
      {town.kind === 'choose' && (
        <Section title="您在哪个镇？">
          <Choices
            options={town.towns.map((t) => ({ value: t.id, label: t.name }))}
            value={null}
            onChange={choose}
            idPrefix="town"
          />
        </Section>
      )}
      {(town.kind === 'offline' || town.kind === 'error') && (
        <CallView
          state={
            town.kind === 'offline' ? { status: 'offline' } : { status: 'error', error: town.error }
          }
          onRetry={retry}
        >
          {() => null}
        </CallView>
      )}

      {signedIn && (
        <Section title="一户一法德明白人">
          <View id="household-status" className="li-household">
            <CallView state={household.state} onRetry={() => void household.reload()}>
              {(data) => <HouseholdCard data={data} />}
            </CallView>
          </View>
          {progress.state.status === 'ok' && progress.state.data.path.total > 0 ? (
            <ReadingPath data={progress.state.data} />
          ) : null}
        </Section>
      )}
      {ready && !signedIn && (
        <View className="notice li-gap">
          <Text className="t-body">
            不登录也能看。登录以后会记下您读过哪些，家里有一人学完学习内容，您家就有了「法德明白人」。
          </Text>
          <Text className="t-body li-link" onClick={() => go('login')}>
            去登录
          </Text>
        </View>
      )}

      <View id="go-lectures" className="li-lectures" onClick={() => go('lectures')}>
        <View className="li-lectures__text">
          <Text className="t-title">法德讲堂</Text>
          <Text className="t-small">民警、法律顾问来村里讲课，点这里看时间、报名</Text>
        </View>
        <Text className="t-title">›</Text>
      </View>

      <Section>
        <View className="li-search">
          <Input
            id="learn-search"
            className="input li-search__input"
            value={typed}
            placeholder="想了解什么？比如：赡养、借钱"
            maxlength={30}
            confirmType="search"
            onInput={(e) => setTyped(e.detail.value)}
            onConfirm={search}
          />
          <Button
            id="learn-search-go"
            className="btn li-search__go"
            type="primary"
            onClick={search}
          >
            搜索
          </Button>
        </View>
        {query ? (
          <View className="li-query">
            <Text className="t-body">正在找「{query}」</Text>
            <Text
              id="learn-search-clear"
              className="t-body li-link"
              onClick={() => {
                setTyped('');
                setQuery('');
              }}
            >
              清除
            </Text>
          </View>
        ) : null}
        <Choices
          options={CATEGORY_OPTIONS}
          value={category}
          onChange={setCategory}
          idPrefix="cat"
        />
      </Section>

      {ready && (
        <CallView state={list.state} onRetry={() => void list.reload()}>
          {(data) => {
            const items = [...data.items, ...more.items];
            if (items.length === 0) {
              return (
                <View className="call-state" id="learn-empty">
                  <Text className="t-body">
                    {query
                      ? `没有找到和「${query}」有关的文章，换个说法试试。`
                      : '这一栏还没有文章。'}
                  </Text>
                </View>
              );
            }
            return (
              <View id="article-list">
                {items.map((item, index) => (
                  <ArticleRow key={item.articleId} item={item} index={index} />
                ))}
                {more.error ? <Text className="t-body danger">{more.error}</Text> : null}
                {more.next ? (
                  <Button
                    id="learn-more"
                    className="btn btn-block"
                    fill="outline"
                    loading={more.busy}
                    onClick={() => void more.load()}
                  >
                    再看更多
                  </Button>
                ) : (
                  <Text className="t-small muted li-end">没有更多了</Text>
                )}
              </View>
            );
          }}
        </CallView>
      )}
    </Screen>
  );
}

/** Pages after the first: appended by 「再看更多」, dropped when the filters change. */
function useMorePages(input: object | null, firstCursor: string | null) {
  const [items, setItems] = useState<ArticleListItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(input);
  useEffect(() => {
    setItems([]);
    setError(null);
    setNext(firstCursor);
  }, [key, firstCursor]);
  const load = async (): Promise<void> => {
    if (busy || !next || !input) return;
    setBusy(true);
    setError(null);
    try {
      const reply = await api.call<ArticlePage>('learning', 'listArticles', {
        ...input,
        cursor: next,
      });
      if (reply.ok) {
        setItems((prev) => [...prev, ...reply.data.items]);
        setNext(reply.data.nextCursor);
      } else setError(reply.error.message);
    } catch (thrown) {
      if (isNetworkError(thrown)) setError('网络不通，联网后再点一次。');
      else throw thrown;
    } finally {
      setBusy(false);
    }
  };
  const reset = (): void => {
    setItems([]);
    setNext(firstCursor);
  };
  return { items, next, busy, error, load, reset };
}

function ArticleRow({ item, index }: { readonly item: ArticleListItem; readonly index: number }) {
  const read = item.myProgress === 100;
  return (
    <View
      id={`article-${index}`}
      className={`item article-item${read ? ' article-item--read' : ''}`}
      onClick={() => go('article', { id: item.articleId })}
    >
      <View className="item__head">
        <Text className="t-small li-cat">{item.categoryLabel}</Text>
        {read ? (
          <Text className="t-small ok li-mark">✓ 已读完</Text>
        ) : item.myProgress !== null && item.myProgress > 0 ? (
          <Text className="t-small warn li-mark">读了一部分</Text>
        ) : null}
      </View>
      <Text className="t-title">{item.title}</Text>
      <Text className="t-body muted">{item.summary}</Text>
      {item.inReadingPath ? <Text className="t-small li-path">法德明白人学习内容</Text> : null}
    </View>
  );
}

function HouseholdCard({ data }: { readonly data: HouseholdReply }) {
  const h = data.household;
  if (!h) {
    return <Text className="t-body">{data.hint}</Text>;
  }
  return (
    <View className="stack">
      <Text className={`t-title ${h.qualified ? 'ok' : ''}`}>
        {h.qualified
          ? `您家（户主${h.headName}）已经有法德明白人${h.mingbairenName ? `：${h.mingbairenName}` : ''}`
          : `您家（户主${h.headName}）还没有法德明白人`}
      </Text>
      <Text className="t-body">{data.hint}</Text>
      <View className="li-members">
        {h.members.map((m, i) => (
          <View key={`${m.name}-${i}`} className="li-member">
            <Text className="t-body">
              {m.name}
              {m.isMe ? '（我）' : ''}
            </Text>
            <Text className={`t-body ${m.complete ? 'ok' : 'muted'}`}>
              {m.complete ? '✓ 学完了' : `学了 ${m.completed}/${m.total} 篇`}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function ReadingPath({ data }: { readonly data: MyProgressReply }) {
  const { path } = data;
  const [open, setOpen] = useState(false);
  const next = path.steps.find((s) => s.progress !== 100);
  return (
    <View className="stack li-pathbox" id="reading-path">
      <Text className="t-label">
        我的学习内容：已读完 {path.completed}/{path.total} 篇
      </Text>
      <View className="li-bar">
        <View
          className={`li-bar__fill li-bar__fill--${Math.round((path.completed / path.total) * 10)}`}
        />
      </View>
      {next && !open ? (
        <View
          id="path-next"
          className="li-step"
          onClick={() => go('article', { id: next.articleId })}
        >
          <Text className="t-body li-step__mark muted">接着学</Text>
          <Text className="t-body li-step__title">{next.title}</Text>
        </View>
      ) : null}
      <Text id="path-toggle" className="t-body li-link" onClick={() => setOpen(!open)}>
        {open ? '收起' : `看全部 ${path.total} 篇学习内容`}
      </Text>
      {open &&
        path.steps.map((s) => (
          <View
            key={s.articleId}
            className="li-step"
            onClick={() => go('article', { id: s.articleId })}
          >
            <Text className={`t-body li-step__mark ${s.progress === 100 ? 'ok' : 'muted'}`}>
              {s.progress === 100 ? '✓' : '○'}
            </Text>
            <Text className="t-body li-step__title">{s.title}</Text>
          </View>
        ))}
    </View>
  );
}
