/**
 * 我要说事: a villager raises a concern — what kind, what about, what happened, photos, where.
 * Everything typed is kept as a draft (草稿) until it is accepted or saved for later, so
 * leaving the page, losing the network or having to sign in first never loses it.
 */
import { Image, Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ConcernKind, ConcernTopic } from '../../../shared/concern/concern.kinds';
import {
  CONCERN_KIND_LABELS,
  CONCERN_KINDS,
  CONCERN_TOPIC_LABELS,
  CONCERN_TOPICS,
} from '../../../shared/concern/concern.kinds';
import {
  CONCERN_TEXT_MAX,
  CONCERN_TEXT_MIN,
  submitConcernInputSchema,
} from '../../../shared/concern/concern.schema';
import type { AppError } from '../../../shared/kernel/errors';
import { parseInput } from '../../../shared/validation/parse';
import { MAX_PHOTOS } from '../../../shared/validation/primitives';
import type { SimilarConcernItem } from '../../../functions/concern/concern.views';
import type { KeywordSuggestion } from '../../../shared/concern/keywords';
import { CallView } from '../../components/CallView';
import type { ChoiceOption } from '../../components/Choices';
import { Choices } from '../../components/Choices';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { go, replace } from '../../lib/nav';
import { useDraft } from '../../services/draft';
import { fieldErrors, isNetworkError } from '../../services/errors';
import { submit } from '../../services/outbox';
import { newRequestId } from '../../services/request-id';
import { useMe } from '../../services/session';
import { askForUpdates } from '../../services/subscribe';
import type { PickedPhoto } from '../../services/upload';
import { pickPhotos, uploadPhoto } from '../../services/upload';
import { useCall } from '../../services/use-call';
import type { MeView, PlacesView, VillagerConcernView } from '../../services/views';
import { Button, Loading } from '../../ui';
import { CAN_PICK_LOCATION, pickLocation } from './location';
import './new.scss';

/** A few plain words under each kind, so nobody has to know the hotline's categories. */
const KIND_HINTS: Readonly<Record<ConcernKind, string>> = {
  consultation: '问问政策、办事怎么办',
  help: '遇到难处，需要帮一把',
  suggestion: '给村里、镇上提个主意',
  criticism: '对哪里做得不好提意见',
  complaint: '对办事的人或单位不满意',
  report: '发现违法违规的事',
  dispute: '邻里、家庭、土地等纠纷',
};

const KIND_OPTIONS: readonly ChoiceOption<ConcernKind>[] = CONCERN_KINDS.map((kind) => ({
  value: kind,
  label: CONCERN_KIND_LABELS[kind],
  hint: KIND_HINTS[kind],
}));

const TOPIC_OPTIONS: readonly ChoiceOption<ConcernTopic>[] = CONCERN_TOPICS.map((topic) => ({
  value: topic,
  label: CONCERN_TOPIC_LABELS[topic],
}));

/**
 * The `account.places` reply (functions/account/list-places.ts; not imported, as that
 * module pulls server-only code into the typecheck).
 */
interface ConcernDraft {
  readonly kind: ConcernKind | null;
  readonly topic: ConcernTopic | null;
  readonly text: string;
  readonly photos: readonly PickedPhoto[];
  readonly gridNodeId: string | null;
  readonly placeName: string;
  readonly placeText: string;
  readonly coordinates: { readonly lat: number; readonly lng: number } | null;
  readonly emergency: boolean;
  readonly confidential: boolean;
  readonly requestId: string;
}

function emptyDraft(): ConcernDraft {
  return {
    kind: null,
    topic: null,
    text: '',
    photos: [],
    gridNodeId: null,
    placeName: '',
    placeText: '',
    coordinates: null,
    emergency: false,
    confidential: false,
    requestId: newRequestId('concern'),
  };
}

/** The villager's own place from the profile: the most precise node, named with its village. */
function homePlace(me: MeView): { id: string; name: string } | null {
  const node = me.gridNodes[0];
  if (!node) return null;
  const name =
    me.village && me.village.id !== node.id ? `${me.village.name} ${node.name}` : node.name;
  return { id: node.id, name };
}

/** The submission as the server reads it; blanks are left out rather than sent empty. */
function toInput(draft: ConcernDraft) {
  const placeText = draft.placeText.trim();
  return {
    ...(draft.kind ? { kind: draft.kind } : {}),
    ...(draft.topic ? { topic: draft.topic } : {}),
    text: draft.text,
    photos: draft.photos.map((p) => p.fileId),
    place: {
      ...(draft.gridNodeId ? { gridNodeId: draft.gridNodeId } : {}),
      ...(placeText ? { text: placeText } : {}),
      ...(draft.coordinates ? { coordinates: draft.coordinates } : {}),
    },
    emergency: draft.emergency,
    confidential: draft.confidential,
  };
}

function Toggle({
  id,
  on,
  label,
  hint,
  onChange,
}: {
  readonly id: string;
  readonly on: boolean;
  readonly label: string;
  readonly hint: string;
  readonly onChange: (on: boolean) => void;
}) {
  return (
    <View
      id={id}
      className={`cn-toggle${on ? ' cn-toggle--on' : ''}`}
      onClick={() => onChange(!on)}
    >
      <View className="cn-toggle__box">
        <Text className="t-body">{on ? '✓' : ''}</Text>
      </View>
      <View className="cn-toggle__words">
        <Text className="t-body">{label}</Text>
        <Text className="t-small muted">{hint}</Text>
      </View>
    </View>
  );
}

/** Choosing another village: first the 新村 (community), then its natural village. */
function PlacePicker({
  onPick,
  onCancel,
}: {
  readonly onPick: (id: string, name: string) => void;
  readonly onCancel: () => void;
}) {
  const { state, reload } = useCall<PlacesView>('account', 'places', {});
  const [communityId, setCommunityId] = useState<string | null>(null);
  return (
    <View className="cn-picker">
      <CallView state={state} onRetry={() => void reload()}>
        {(places) => {
          const community = places.communities.find((c) => c.id === communityId) ?? null;
          if (places.communities.length === 0) {
            return <Text className="t-body muted">没有找到村的名单，请在下面写清楚地点。</Text>;
          }
          return (
            <View className="stack">
              <Text className="t-label">1. 选新村（社区）</Text>
              <Choices
                idPrefix="community"
                columns={2}
                options={places.communities.map((c) => ({ value: c.id, label: c.name }))}
                value={communityId}
                onChange={setCommunityId}
              />
              {community && (
                <>
                  <Text className="t-label">2. 选村</Text>
                  <Choices
                    idPrefix="place"
                    columns={2}
                    options={[
                      ...community.villages.map((v) => ({ value: v.id, label: v.name })),
                      { value: community.id, label: '说不清哪个村', hint: `就写${community.name}` },
                    ]}
                    value={null}
                    onChange={(id) => {
                      const village = community.villages.find((v) => v.id === id);
                      onPick(id, village ? `${community.name} ${village.name}` : community.name);
                    }}
                  />
                </>
              )}
            </View>
          );
        }}
      </CallView>
      <Button id="place-cancel" className="btn" fill="outline" onClick={onCancel}>
        不换了
      </Button>
    </View>
  );
}

/** How long typing must pause before the words are sent for a suggestion. */
const SUGGEST_AFTER_MS = 700;
/** Fewer characters than this say too little to suggest from. */
const SUGGEST_MIN_CHARS = 4;

/** `value`, once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * What the town's keyword model reads in the villager's words (类别 and 方面), with the words
 * that made it; one tap takes it, and the villager can still choose otherwise above.
 */
function Suggestion({
  text,
  kind,
  topic,
  onUse,
}: {
  readonly text: string;
  readonly kind: ConcernKind | null;
  readonly topic: ConcernTopic | null;
  readonly onUse: (patch: { kind?: ConcernKind; topic?: ConcernTopic }) => void;
}) {
  const words = useSettled(text.trim(), SUGGEST_AFTER_MS);
  const { state } = useCall<KeywordSuggestion>(
    'concern',
    'suggest',
    words.length >= SUGGEST_MIN_CHARS ? { text: words } : null,
  );
  if (state.status !== 'ok' || state.data.reason === null) return null;
  const got = state.data;
  const patch = {
    ...(got.kind && got.kind.code !== kind ? { kind: got.kind.code } : {}),
    ...(got.topic && got.topic.code !== topic ? { topic: got.topic.code } : {}),
  };
  if (Object.keys(patch).length === 0) return null;
  const names = [got.kind?.label, got.topic?.label].filter(Boolean).join(' · ');
  return (
    <View className="notice cn-suggest" id="concern-suggestion">
      <Text className="t-body">
        看起来是「{names}」的事（{got.reason}）
      </Text>
      <Button
        id="concern-suggestion-use"
        className="btn"
        type="primary"
        onClick={() => onUse(patch)}
      >
        就选这个
      </Button>
      <Text className="t-small muted">不对的话，在上面自己选。</Text>
    </View>
  );
}

/**
 * Similar open concerns near the place (我也遇到了): what each is about, where, how many
 * people raised it — never anyone's words. Joining one follows it instead of filing twice.
 */
function SimilarOpen({
  gridNodeId,
  coordinates,
  topic,
}: {
  readonly gridNodeId: string;
  readonly coordinates: { readonly lat: number; readonly lng: number } | null;
  readonly topic: ConcernTopic;
}) {
  const near = { gridNodeId, ...(coordinates ? { coordinates } : {}) };
  const { state, reload } = useCall<{ items: readonly SimilarConcernItem[] }>(
    'concern',
    'similarOpen',
    { ...near, topic },
  );
  const [joining, setJoining] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  if (state.status !== 'ok' || state.data.items.length === 0) return null;
  const items = state.data.items.slice(0, 3);

  async function onJoin(concernId: string): Promise<void> {
    if (joining !== null) return;
    setJoining(concernId);
    setRefusal(null);
    try {
      const outcome = await submit<{ id: string }>(
        'concern',
        'join',
        { concernId, near },
        { requestId: newRequestId('join'), label: '我也遇到了' },
      );
      if (outcome.kind === 'done') {
        Taro.showToast({ title: '已关注，有进展会告诉您', icon: 'none', duration: 2000 });
        go('concernDetail', { id: outcome.data.id });
      } else if (outcome.kind === 'queued') {
        Taro.showToast({ title: '已保存，联网后自动关注', icon: 'none', duration: 2500 });
      } else {
        setRefusal(outcome.error.message);
        void reload();
      }
    } finally {
      setJoining(null);
    }
  }

  return (
    <View className="notice cn-similar" id="concern-similar">
      <Text className="t-label">附近已经有人反映过类似的事：</Text>
      {items.map((item) => (
        <View key={item.id} className="cn-similar__item" id={`similar-${item.id}`}>
          <Text className="t-body">
            「{item.topicLabel}」{item.placeName}
          </Text>
          <Text className="t-small">
            {item.people}人反映 · {item.statusLabel}
          </Text>
          {item.mine || item.joined ? (
            <Button
              className="btn"
              fill="outline"
              onClick={() => go('concernDetail', { id: item.id })}
            >
              {item.mine ? '这是您反映的，看进度' : '您已关注，看进度'}
            </Button>
          ) : (
            <Button
              id={`similar-join-${item.id}`}
              className="btn"
              type="primary"
              loading={joining === item.id}
              disabled={joining !== null}
              onClick={() => void onJoin(item.id)}
            >
              我也遇到了
            </Button>
          )}
        </View>
      ))}
      {refusal && <Text className="t-small danger">{refusal}</Text>}
      <Text className="t-small">
        是同一件事的，点「我也遇到了」就行，不用再写；有进展会同样告诉您。不是同一件事，请接着往下填。
      </Text>
    </View>
  );
}

export default function ConcernNewPage() {
  const me = useMe();
  const [draft, update, clear] = useDraft<ConcernDraft>('concern-new', emptyDraft());
  const latest = useRef(draft);
  latest.current = draft;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [needsSignIn, setNeedsSignIn] = useState(false);
  const [sending, setSending] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);

  const signedIn = me.status === 'signedIn';
  const home = useMemo(() => (me.status === 'signedIn' ? homePlace(me.me) : null), [me]);

  // The villager's own village is where it happened unless they say otherwise.
  useEffect(() => {
    if (home && !latest.current.gridNodeId) update({ gridNodeId: home.id, placeName: home.name });
  }, [home, update]);

  const setField = (patch: Partial<ConcernDraft>, ...names: string[]): void => {
    update(patch);
    if (names.some((n) => errors[n])) {
      const next = { ...errors };
      for (const n of names) delete next[n];
      setErrors(next);
    }
  };

  async function addPhotos(): Promise<void> {
    const room = MAX_PHOTOS - latest.current.photos.length;
    if (room <= 0 || uploading) return;
    let paths: readonly string[];
    try {
      paths = await pickPhotos(room);
    } catch {
      return; // closed the picker
    }
    if (paths.length === 0) return;
    setUploading(true);
    setPhotoError(null);
    try {
      for (const path of paths.slice(0, room)) {
        try {
          const reply = await uploadPhoto(path);
          if (reply.ok) update({ photos: [...latest.current.photos, reply.data] });
          else setPhotoError(reply.error.message);
        } catch (thrown) {
          if (!isNetworkError(thrown)) throw thrown;
          setPhotoError('网络不通，照片没有传上去。联网后再点「加照片」。');
          break;
        }
      }
    } finally {
      setUploading(false);
    }
  }

  function removePhoto(fileId: string): void {
    update({ photos: latest.current.photos.filter((p) => p.fileId !== fileId) });
  }

  async function onMap(): Promise<void> {
    const spot = await pickLocation();
    if (!spot) return;
    const words = latest.current.placeText.trim() || spot.name || spot.address;
    setField(
      { coordinates: { lat: spot.lat, lng: spot.lng }, placeText: words.slice(0, 100) },
      'place.coordinates',
      'place.text',
    );
  }

  function showRefusal(error: AppError): void {
    const fields = fieldErrors(error);
    setErrors(fields);
    setMessage(error.message);
    setNeedsSignIn(error.code === 'UNAUTHENTICATED');
    if (Object.keys(fields).length > 0) {
      setTimeout(() => {
        void Taro.pageScrollTo({ selector: '.field--error', duration: 200 }).catch(() => undefined);
      }, 50);
    }
  }

  async function onSubmit(): Promise<void> {
    if (sending) return;
    if (me.status === 'signedOut') {
      setNeedsSignIn(true);
      setMessage('请先登录，再提交。您写的内容已经替您存着。');
      return;
    }
    const current = latest.current;
    const data = toInput(current);
    const checked = parseInput(submitConcernInputSchema, data);
    if (!checked.ok) {
      showRefusal(checked.error);
      return;
    }
    // Consent first, in the tap itself (WeChat refuses it after an await); then submit.
    const consent = askForUpdates('concern');
    setSending(true);
    setErrors({});
    setMessage(null);
    setNeedsSignIn(false);
    try {
      await consent;
      const outcome = await submit<VillagerConcernView>('concern', 'submit', data, {
        requestId: current.requestId,
        label: `说事：${current.text.trim().slice(0, 10)}`,
      });
      if (outcome.kind === 'done') {
        clear();
        Taro.showToast({ title: '已提交', icon: 'success', duration: 1500 });
        replace('concernDetail', { id: outcome.data.id });
      } else if (outcome.kind === 'queued') {
        clear();
        Taro.showToast({ title: '已保存，联网后自动提交', icon: 'none', duration: 2500 });
        setTimeout(() => {
          if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
          else go('home');
        }, 1200);
      } else {
        showRefusal(outcome.error);
      }
    } finally {
      setSending(false);
    }
  }

  if (me.status === 'loading') {
    return (
      <Screen title="我要说事">
        <View className="call-state">
          <Loading type="spinner" />
          <Text className="t-body muted">正在读取…</Text>
        </View>
      </Screen>
    );
  }

  const textLength = draft.text.trim().length;
  const placeError = errors['place.gridNodeId'] ?? errors.place;

  return (
    <Screen title="我要说事" className="cn">
      {me.status === 'signedOut' && (
        <View className="notice cn-signin" id="concern-signin">
          <Text className="t-body">
            说事要先登录，工作人员才能联系您、告诉您办理进展。您写的内容会替您存着。
          </Text>
          <Button id="concern-login" className="btn" type="primary" onClick={() => go('login')}>
            登录 / 注册
          </Button>
        </View>
      )}
      {me.status === 'offline' && (
        <View className="notice">
          <Text className="t-body">
            现在网络不通。可以先写，提交后会先存在手机上，联网后自动提交。
          </Text>
        </View>
      )}

      <Section title="什么事">
        <Field label="是哪一类事" required error={errors.kind}>
          <Choices
            idPrefix="kind"
            columns={2}
            options={KIND_OPTIONS}
            value={draft.kind}
            onChange={(kind) => setField({ kind }, 'kind')}
          />
        </Field>
        {draft.kind === 'report' && (
          <View className="notice">
            <Text className="t-body">
              举报需要留下您的姓名，办理人员会为您保密（可以在下面选「为我保密」）。如果是破坏环境、食品药品安全、侵占国有财产等损害公共利益的事，又不想留名，可以用「公益诉讼线索」匿名反映。
            </Text>
            <Button
              id="concern-to-clue"
              className="btn"
              fill="outline"
              onClick={() => go('clueNew')}
            >
              去匿名反映公益诉讼线索
            </Button>
          </View>
        )}
        {draft.kind === 'dispute' && (
          <View className="notice">
            <Text className="t-body">矛盾纠纷也可以直接预约调解员，当面调解。</Text>
            <Button
              id="concern-to-mediation"
              className="btn"
              fill="outline"
              onClick={() => go('mediationBook')}
            >
              去预约调解
            </Button>
          </View>
        )}
        <Field label="是哪方面的事" hint="选不准就选「其他」" error={errors.topic}>
          <Choices
            idPrefix="topic"
            columns={3}
            options={TOPIC_OPTIONS}
            value={draft.topic}
            onChange={(topic) => setField({ topic }, 'topic')}
          />
        </Field>
      </Section>

      <Section title="说说发生了什么">
        <Field
          label="事情经过"
          required
          hint={`什么时候、什么事、想请谁帮忙解决。至少 ${CONCERN_TEXT_MIN} 个字。`}
          error={errors.text}
        >
          <Textarea
            id="concern-text"
            className="textarea"
            value={draft.text}
            maxlength={CONCERN_TEXT_MAX}
            placeholder="比如：村东头的垃圾箱三天没人清运了，气味很大"
            onInput={(e) => setField({ text: e.detail.value }, 'text')}
          />
          <Text
            className={`t-small cn-count${textLength > 0 && textLength < CONCERN_TEXT_MIN ? ' warn' : ' muted'}`}
            id="concern-count"
          >
            已写 {textLength} 字
            {textLength > 0 && textLength < CONCERN_TEXT_MIN
              ? `，还差 ${CONCERN_TEXT_MIN - textLength} 字`
              : ''}
            （最多 {CONCERN_TEXT_MAX} 字）
          </Text>
        </Field>
        {signedIn && (
          <Suggestion
            text={draft.text}
            kind={draft.kind}
            topic={draft.topic}
            onUse={(patch) => setField(patch, 'kind', 'topic')}
          />
        )}

        <Field
          label="照片（可以不拍）"
          hint={signedIn ? `最多 ${MAX_PHOTOS} 张，拍清楚现场更好办` : '登录后可以加照片'}
          error={photoError ?? errors.photos}
        >
          {draft.photos.length > 0 && (
            <View className="cn-photos">
              {draft.photos.map((photo) => (
                <View key={photo.fileId} className="cn-photo">
                  <Image
                    className="cn-photo__img"
                    src={photo.src}
                    mode="aspectFill"
                    onClick={() =>
                      void Taro.previewImage({
                        urls: draft.photos.map((p) => p.src),
                        current: photo.src,
                      }).catch(() => undefined)
                    }
                  />
                  <View className="cn-photo__remove" onClick={() => removePhoto(photo.fileId)}>
                    <Text className="t-small">删掉</Text>
                  </View>
                </View>
              ))}
            </View>
          )}
          {signedIn && draft.photos.length < MAX_PHOTOS && (
            <Button
              id="concern-photo-add"
              className="btn"
              fill="outline"
              loading={uploading}
              disabled={uploading}
              onClick={() => void addPhotos()}
            >
              {uploading ? '正在上传照片…' : `加照片（${draft.photos.length}/${MAX_PHOTOS}）`}
            </Button>
          )}
        </Field>
      </Section>

      <Section title="在哪里">
        <Field label="哪个村" required error={placeError}>
          {picking ? (
            <PlacePicker
              onPick={(id, name) => {
                setField({ gridNodeId: id, placeName: name }, 'place.gridNodeId', 'place');
                setPicking(false);
              }}
              onCancel={() => setPicking(false)}
            />
          ) : (
            <View className="cn-place">
              <Text className="t-body" id="concern-place">
                {draft.gridNodeId ? draft.placeName || '已选' : '还没选'}
                {home && draft.gridNodeId === home.id ? (
                  <Text className="t-small muted">（您住的村）</Text>
                ) : null}
              </Text>
              <Button
                id="place-change"
                className="btn"
                fill="outline"
                onClick={() => setPicking(true)}
              >
                {draft.gridNodeId ? '换一个村' : '选村'}
              </Button>
            </View>
          )}
        </Field>
        <Field label="具体位置（可以不写）" error={errors['place.text']}>
          <Input
            id="place-text"
            className="input"
            value={draft.placeText}
            maxlength={100}
            placeholder="比如：村东头大槐树下"
            onInput={(e) => setField({ placeText: e.detail.value }, 'place.text')}
          />
          {CAN_PICK_LOCATION && (
            <Button id="concern-map" className="btn" fill="outline" onClick={() => void onMap()}>
              {draft.coordinates ? '已在地图上标出（点这里重选）' : '在地图上选'}
            </Button>
          )}
        </Field>
        {signedIn && draft.gridNodeId && draft.topic && (
          <SimilarOpen
            gridNodeId={draft.gridNodeId}
            coordinates={draft.coordinates}
            topic={draft.topic}
          />
        )}
      </Section>

      <Section title="其他">
        <Toggle
          id="concern-confidential"
          on={draft.confidential}
          label="为我保密"
          hint="您的姓名和电话只给办理人员和镇指挥中心看，不给别人看"
          onChange={(confidential) => update({ confidential })}
        />
        <Toggle
          id="concern-emergency"
          on={draft.emergency}
          label="很急，需要当天处理"
          hint="有人身危险请直接打 110、119、120"
          onChange={(emergency) => update({ emergency })}
        />
      </Section>

      {message && (
        <View className="cn-message" id="concern-message">
          <Text className="t-body danger">{message}</Text>
          {needsSignIn && (
            <Button className="btn" type="primary" onClick={() => go('login')}>
              去登录
            </Button>
          )}
        </View>
      )}
      <View className="actions">
        <Button
          id="concern-submit"
          className="btn-block"
          type="primary"
          size="large"
          loading={sending}
          disabled={sending || uploading}
          onClick={() => void onSubmit()}
        >
          {sending ? '正在提交…' : '提交'}
        </Button>
        <Text className="t-small muted cn-after">
          提交后马上交给负责的工作人员，您可以在「我的」里看办理进度。
        </Text>
      </View>
    </Screen>
  );
}
