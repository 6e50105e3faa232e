/**
 * The 学法 reader: title, column and the body in paragraphs (plain text, blank lines between
 * paragraphs — learning.schema.ts), read to the end → marked read (learning.markRead) when
 * signed in, by reaching the bottom or tapping 「我读完了」; then the next article to read.
 */
import { Text, View } from '@tarojs/components';
import { useReachBottom, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { CallView } from '../../components/CallView';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { formatDay } from '../../lib/format';
import { go, param, replace } from '../../lib/nav';
import { api } from '../../services/api';
import { isNetworkError } from '../../services/errors';
import { useCall } from '../../services/use-call';
import { Button } from '../../ui';
import type { ArticlePage, ArticleView, MarkReadReply } from './learning.types';
import { useReaderTown } from './learning.town';
import './article.scss';

/** Paragraphs split on blank lines; single line breaks inside a paragraph are kept. */
function paragraphs(body: string): string[][] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    )
    .filter((lines) => lines.length > 0);
}

export default function ArticleReader() {
  const [articleId] = useState(() => param('id'));
  const { state, reload } = useCall<ArticleView>(
    'learning',
    'getArticle',
    articleId ? { articleId } : null,
  );
  const { town } = useReaderTown();
  const signedIn = town.kind === 'ready' && town.me !== null;
  const [read, setRead] = useState<MarkReadReply | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const autoMarked = useRef(false);

  const article = state.status === 'ok' ? state.data : null;

  // 转发 / 分享到朋友圈 (WeChat): a legal article is meant to be passed on; the link opens it.
  useShareAppMessage(() => ({
    title: article?.title ?? '和合说事 · 学法用法',
    path: `/pages/learning/article?id=${encodeURIComponent(articleId)}`,
  }));
  useShareTimeline(() => ({
    title: article?.title ?? '和合说事 · 学法用法',
    query: `id=${encodeURIComponent(articleId)}`,
  }));
  const alreadyRead = read !== null || article?.myProgress === 100;

  const markRead = async (): Promise<void> => {
    if (busy || !article) return;
    setBusy(true);
    setNote(null);
    try {
      const reply = await api.call<MarkReadReply>('learning', 'markRead', {
        articleId: article.articleId,
        progress: 100,
      });
      if (reply.ok) setRead(reply.data);
      else setNote(reply.error.message);
    } catch (thrown) {
      if (isNetworkError(thrown)) setNote('网络不通，这次没记上。联网后再点一次「我读完了」。');
      else throw thrown;
    } finally {
      setBusy(false);
    }
  };

  useReachBottom(() => {
    // Read to the end: mark it once, quietly.
    if (!signedIn || alreadyRead || autoMarked.current || !article) return;
    autoMarked.current = true;
    void markRead();
  });

  const relatedInput =
    article && town.kind === 'ready'
      ? { townId: town.townId, category: article.category, limit: 6 }
      : null;
  const related = useCall<ArticlePage>('learning', 'listArticles', relatedInput);
  const nextArticle =
    related.state.status === 'ok' && article
      ? (related.state.data.items.find(
          (i) => i.articleId !== article.articleId && i.myProgress !== 100,
        ) ?? null)
      : null;

  if (!articleId) {
    return (
      <Screen title="学法文章">
        <Section>
          <Text className="t-body">没有找到这篇文章，请回到「学法用法」重新点开。</Text>
        </Section>
      </Screen>
    );
  }

  return (
    <Screen title="学法文章" className="la">
      <CallView state={state} onRetry={() => void reload()}>
        {(a) => (
          <View>
            <View className="la-article" id="article-body">
              <View className="row">
                <Text className="t-small la-cat">{a.categoryLabel}</Text>
                {a.inReadingPath ? (
                  <Text className="t-small la-path">法德明白人学习内容</Text>
                ) : null}
              </View>
              <Text className="t-hero la-title" id="article-title">
                {a.title}
              </Text>
              {a.publishedAt ? (
                <Text className="t-small muted">{formatDay(a.publishedAt)}发布</Text>
              ) : null}
              {paragraphs(a.body).map((lines, i) => (
                <View key={i} className="la-para">
                  {lines.map((line, j) => (
                    <Text key={j} className="t-body la-line">
                      {line}
                    </Text>
                  ))}
                </View>
              ))}
              {a.tags.length > 0 ? (
                <View className="row">
                  {a.tags.map((t) => (
                    <Text key={t} className="t-small la-tag">
                      #{t}
                    </Text>
                  ))}
                </View>
              ) : null}
            </View>

            <Section>
              {signedIn ? (
                <View className="stack">
                  {alreadyRead ? (
                    <Text className="t-title ok" id="read-done">
                      ✓ 这篇您已经读完了
                    </Text>
                  ) : null}
                  {read?.pathComplete ? (
                    <Text className="t-body ok">
                      法德明白人学习内容您已经全部读完了！
                      {read.householdQualified ? '您家有了法德明白人。' : ''}
                    </Text>
                  ) : null}
                  {note ? <Text className="t-body danger">{note}</Text> : null}
                  <Button
                    id="mark-read"
                    className="btn btn-block"
                    type="primary"
                    fill={alreadyRead ? 'outline' : 'solid'}
                    loading={busy}
                    disabled={busy}
                    onClick={() => void markRead()}
                  >
                    {alreadyRead ? '已读完（再记一次）' : '我读完了'}
                  </Button>
                </View>
              ) : (
                <View className="stack">
                  <Text className="t-body">
                    登录后会记下您读过的文章，家里学完学习内容就有了法德明白人。
                  </Text>
                  <Button
                    id="mark-read-login"
                    className="btn btn-block"
                    type="primary"
                    fill="outline"
                    onClick={() => go('login')}
                  >
                    去登录
                  </Button>
                </View>
              )}
            </Section>

            {nextArticle ? (
              <View
                id="next-article"
                className="item la-next"
                onClick={() => replace('article', { id: nextArticle.articleId })}
              >
                <Text className="t-small muted">接着读（{nextArticle.categoryLabel}）</Text>
                <Text className="t-title">{nextArticle.title}</Text>
              </View>
            ) : null}
            <Button className="btn btn-block" fill="outline" onClick={() => go('learning')}>
              回到学法用法
            </Button>
          </View>
        )}
      </CallView>
    </Screen>
  );
}
