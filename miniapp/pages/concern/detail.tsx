/**
 * 说事详情: where the villager's concern stands, in plain words — who handles it and by when,
 * every step so far, what the handler did, and the one-tap return visit (回访) once it is
 * resolved: 已解决 closes it, 部分解决 / 未解决 send it back to be handled again.
 */
import { Image, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { RatingResult } from '../../../shared/concern/concern.schema';
import type { AppError } from '../../../shared/kernel/errors';
import { CallView } from '../../components/CallView';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { Timeline } from '../../components/Timeline';
import { formatDateTime } from '../../lib/format';
import { go, param } from '../../lib/nav';
import { api } from '../../services/api';
import { isNetworkError } from '../../services/errors';
import { useCall } from '../../services/use-call';
import type {
  FollowerConcernView,
  PersonView,
  PhotoView,
  StaffConcernView,
  VillagerConcernView,
} from '../../services/views';
import { submit } from '../../services/outbox';
import { newRequestId } from '../../services/request-id';
import { Button } from '../../ui';
import { awaitsRating, dueWords, isBeingHandled, isOverdue } from './concern-words';
import './detail.scss';

type ConcernView = VillagerConcernView | StaffConcernView;
type AnyConcernView = ConcernView | FollowerConcernView;

const RATE_OPTIONS: readonly { value: RatingResult; label: string; hint: string }[] = [
  { value: 'resolved', label: '已解决', hint: '事情办好了' },
  { value: 'partly', label: '部分解决', hint: '办了一些，还没办完' },
  { value: 'unresolved', label: '未解决', hint: '问题还在' },
];

/** The handler in a sentence: 「网格员 张三」, 「镇指挥中心」. */
function handlerWords(person: PersonView | null): string {
  if (person === null) return '镇指挥中心';
  if (person.roleLabel === '指挥中心') return '镇指挥中心';
  return `${person.roleLabel} ${person.name}`;
}

/** What happens next, for the status the villager sees. */
function nextWords(view: ConcernView): string {
  switch (view.status) {
    case 'submitted':
      return '已经收到，正在交给负责的工作人员。';
    case 'assigned':
      return `已交给${handlerWords(view.assignee)}，工作人员会尽快联系您。`;
    case 'accepted':
    case 'in_progress':
      return `${handlerWords(view.assignee)}正在办理，办好后会告诉您。`;
    case 'reopened':
      return `已重新交给${handlerWords(view.assignee)}办理，会再联系您。`;
    case 'transferred':
      return '已转给更合适的单位办理，办理情况会在这里告诉您。';
    case 'resolved':
      return '工作人员说已经办好了，请您告诉我们办得怎么样。';
    case 'satisfied':
    case 'archived':
      return '这件事已经办结。谢谢您！';
    case 'rejected':
      return '这件事没有受理，原因写在下面。如有疑问，可以再说事或者找网格员。';
    default:
      return '';
  }
}

function Photos({ photos }: { readonly photos: readonly PhotoView[] }) {
  const [broken, setBroken] = useState<readonly string[]>([]);
  if (photos.length === 0) return null;
  const urls = photos.map((photo) => photo.url);
  const shown = urls.filter((url) => !broken.includes(url));
  return (
    <View className="cd-photos">
      {shown.map((url) => (
        <Image
          key={url}
          className="cd-photo"
          src={url}
          mode="aspectFill"
          onError={() => setBroken((prev) => [...prev, url])}
          onClick={() =>
            void Taro.previewImage({ urls: shown, current: url }).catch(() => undefined)
          }
        />
      ))}
      {broken.length > 0 && (
        <Text className="t-small muted cd-photos__missing">
          有 {broken.length} 张照片暂时看不到。
        </Text>
      )}
    </View>
  );
}

function RateBox({
  concernId,
  onRated,
}: {
  readonly concernId: string;
  readonly onRated: (result: RatingResult) => void;
}) {
  const [result, setResult] = useState<RatingResult | null>(null);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [offline, setOffline] = useState(false);

  async function send(): Promise<void> {
    if (result === null || sending) return;
    setSending(true);
    setError(null);
    setOffline(false);
    const words = comment.trim();
    try {
      const reply = await api.call<VillagerConcernView>('concern', 'rate', {
        concernId,
        result,
        ...(words ? { comment: words } : {}),
      });
      if (reply.ok) onRated(result);
      else setError(reply.error);
    } catch (thrown) {
      if (!isNetworkError(thrown)) throw thrown;
      setOffline(true);
    } finally {
      setSending(false);
    }
  }

  return (
    <Section title="请您评价">
      <Text className="t-body">工作人员说已经办好了。这件事解决了吗？</Text>
      <View className="cd-rate">
        {RATE_OPTIONS.map((option) => (
          <View
            key={option.value}
            id={`rate-${option.value}`}
            className={`cd-rate__choice cd-rate__choice--${option.value}${result === option.value ? ' cd-rate__choice--on' : ''}`}
            onClick={() => setResult(option.value)}
          >
            <Text className="t-title">{option.label}</Text>
            <Text className="t-small muted">{option.hint}</Text>
          </View>
        ))}
      </View>
      {result !== null && result !== 'resolved' && (
        <Text className="t-body warn">提交后会重新交给工作人员办理。</Text>
      )}
      <Field label="还想说几句（可以不写）" error={error ? error.message : undefined}>
        <Textarea
          id="rate-comment"
          className="textarea cd-rate__comment"
          value={comment}
          maxlength={500}
          placeholder="比如：垃圾清走了，但是垃圾箱还没修"
          onInput={(e) => setComment(e.detail.value)}
        />
      </Field>
      {offline && (
        <Text className="t-body danger">网络不通，评价没有提交。请联网后再点「提交评价」。</Text>
      )}
      <Button
        id="rate-submit"
        className="btn-block"
        type="primary"
        loading={sending}
        disabled={result === null || sending}
        onClick={() => void send()}
      >
        {result === null ? '请先选上面一项' : '提交评价'}
      </Button>
    </Section>
  );
}

/**
 * What a villager who joined the concern (我也遇到了) sees: what it is about, where, how many
 * people raised it and how far it has got — never the reporter's words — and a way to stop
 * following it.
 */
function FollowerBody({
  view,
  onLeft,
}: {
  readonly view: FollowerConcernView;
  readonly onLeft: () => void;
}) {
  const [leaving, setLeaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const handling = isBeingHandled(view.status);
  const overdue = isOverdue(view.dueAt, view.status);

  async function leave(): Promise<void> {
    if (leaving) return;
    setLeaving(true);
    setMessage(null);
    try {
      const outcome = await submit(
        'concern',
        'leave',
        { concernId: view.id },
        {
          requestId: newRequestId('leave'),
          label: '不再关注',
        },
      );
      if (outcome.kind === 'refused') setMessage(outcome.error.message);
      else onLeft();
    } finally {
      setLeaving(false);
    }
  }

  return (
    <>
      <Section>
        <View className="notice" id="concern-following">
          <Text className="t-body">
            您关注了这件事（{view.people}人反映）。有进展会同样告诉您。
          </Text>
        </View>
        <Text className="t-title">
          {view.kindLabel} · {view.topicLabel}
        </Text>
        <Text className="t-small muted">地点：{view.placeName}</Text>
        <View className="cd-status" id="concern-status">
          <Text className={`t-hero${handling ? '' : ' ok'}`}>{view.statusLabel}</Text>
          {overdue && <Text className="t-small badge-overdue">已超期</Text>}
        </View>
        {handling && (
          <View className="cd-facts">
            <Text className="t-body">
              办理人：<Text className="t-label">{handlerWords(view.assignee)}</Text>
            </Text>
            {view.dueAt && <Text className="t-body">{dueWords(view.dueAt)}</Text>}
          </View>
        )}
      </Section>
      {view.resolution && (
        <Section title="办理结果">
          <Text className="t-body">{view.resolution.note}</Text>
          <Text className="t-small muted">
            办结时间：{formatDateTime(view.resolution.resolvedAt)}
          </Text>
        </Section>
      )}
      {view.rejectionReason && (
        <Section title="没有受理的原因">
          <Text className="t-body">{view.rejectionReason}</Text>
        </Section>
      )}
      <Section title="办理经过">
        <Timeline
          entries={view.timeline.map((step) => ({ at: step.at, label: step.title, note: step.by }))}
        />
      </Section>
      <Section>
        {message && <Text className="t-body danger">{message}</Text>}
        <Button
          id="concern-leave"
          className="btn"
          fill="outline"
          loading={leaving}
          onClick={() => void leave()}
        >
          不再关注这件事
        </Button>
      </Section>
    </>
  );
}

function ConcernBody({
  view,
  onRated,
}: {
  readonly view: ConcernView;
  readonly onRated: (r: RatingResult) => void;
}) {
  const overdue = isOverdue(view.dueAt, view.status);
  const canRate = 'canRate' in view && view.canRate;
  const handling = isBeingHandled(view.status);
  const asStaff = 'reporter' in view;
  return (
    <>
      {asStaff && (
        <View className="notice cd-staff" id="concern-staff-note">
          <Text className="t-body">这是工作人员看到的说事详情。受理、办结等操作请到办理页面。</Text>
          <Button
            id="concern-open-task"
            className="btn"
            fill="outline"
            onClick={() => go('staffTask', { id: view.id })}
          >
            去办理页面
          </Button>
        </View>
      )}
      <Section>
        <View className="item__head">
          <Text className="t-title">
            {view.kindLabel} · {view.topicLabel}
          </Text>
          {view.emergency && <Text className="t-small badge-overdue">紧急</Text>}
        </View>
        <View className="cd-status" id="concern-status">
          <Text className={`t-hero${awaitsRating(view.status) ? ' warn' : handling ? '' : ' ok'}`}>
            {view.statusLabel}
          </Text>
          {overdue && (
            <Text className="t-small badge-overdue" id="concern-overdue">
              已超期
            </Text>
          )}
        </View>
        <Text className="t-body">{nextWords(view)}</Text>
        {handling && (
          <View className="cd-facts">
            <Text className="t-body">
              办理人：<Text className="t-label">{handlerWords(view.assignee)}</Text>
            </Text>
            {view.dueAt && (
              <Text className={`t-body${overdue ? ' danger' : ''}`} id="concern-due">
                {dueWords(view.dueAt)}
                {overdue ? '（已经超过期限，上级正在督办）' : ''}
              </Text>
            )}
          </View>
        )}
        {view.rating && (
          <Text className="t-body">
            {asStaff ? '村民评价' : '您的评价'}：{view.rating.label}
          </Text>
        )}
      </Section>

      {canRate && <RateBox concernId={view.id} onRated={onRated} />}

      {view.resolution && (
        <Section title="办理结果">
          <Text className="t-body">{view.resolution.note}</Text>
          <Text className="t-small muted">
            办结时间：{formatDateTime(view.resolution.resolvedAt)}
          </Text>
          <Photos photos={view.resolution.photos} />
        </Section>
      )}

      {view.rejectionReason && (
        <Section title="没有受理的原因">
          <Text className="t-body">{view.rejectionReason}</Text>
        </Section>
      )}

      <Section title={asStaff ? '村民反映的事' : '您反映的事'}>
        <Text className="t-body cd-text">{view.text}</Text>
        <Photos photos={view.photos} />
        <Text className="t-small muted">
          地点：{view.place.name}
          {view.place.text ? ` · ${view.place.text}` : ''}
        </Text>
        <Text className="t-small muted">提交时间：{formatDateTime(view.createdAt)}</Text>
        {view.confidential && (
          <Text className="t-small muted">
            {asStaff
              ? '村民要求保密：不要把姓名和电话告诉别人。'
              : '已为您保密：姓名和电话只给办理人员看。'}
          </Text>
        )}
        {'filedByStaff' in view && view.filedByStaff && (
          <Text className="t-small muted">这件事是网格员代您反映的。</Text>
        )}
      </Section>

      <Section title="办理经过">
        <Timeline
          entries={view.timeline.map((step) => ({
            at: step.at,
            label: step.title,
            note: step.note ? `${step.by}：${step.note}` : step.by === '您' ? null : step.by,
          }))}
        />
      </Section>
    </>
  );
}

export default function ConcernDetailPage() {
  const [concernId] = useState(() => param('id'));
  const { state, reload } = useCall<AnyConcernView>(
    'concern',
    'get',
    concernId ? { concernId } : null,
  );
  const [rated, setRated] = useState<RatingResult | null>(null);
  const shown = useRef(false);

  useDidShow(() => {
    // The first show is the first load; later shows (back from another page) refresh.
    if (shown.current) void reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  function onRated(result: RatingResult): void {
    setRated(result);
    Taro.showToast({ title: '评价已提交', icon: 'success', duration: 1500 });
    void reload();
  }

  if (!concernId) {
    return (
      <Screen title="说事详情">
        <View className="call-state">
          <Text className="t-body">没有找到这件事。</Text>
          <Button className="btn" type="primary" onClick={() => go('mine')}>
            去「我的」看看
          </Button>
        </View>
      </Screen>
    );
  }

  return (
    <Screen title="说事详情" className="cd">
      {rated !== null && (
        <View className="notice cd-after-rate" id="rate-done">
          <Text className="t-body">
            {rated === 'resolved'
              ? '谢谢您的评价！这件事已经办结归档。'
              : '谢谢您告诉我们。这件事已经重新交给工作人员办理，他们会再联系您。'}
          </Text>
        </View>
      )}
      <CallView state={state} onRetry={() => void reload()}>
        {(view) =>
          'viewer' in view ? (
            <FollowerBody
              view={view}
              onLeft={() => {
                Taro.showToast({ title: '已不再关注', icon: 'none', duration: 1500 });
                go('mine');
              }}
            />
          ) : (
            <ConcernBody view={view} onRated={onRated} />
          )
        }
      </CallView>
    </Screen>
  );
}
