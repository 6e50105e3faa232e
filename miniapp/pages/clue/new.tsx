/**
 * 公益诉讼线索: a villager tells the prosecutor what harms everyone's interest — what, where,
 * when, evidence photos — named or anonymous. Anonymous works without signing in; the reply
 * is a tracking code (查询码), shown big with a copy button, the only way back to the clue.
 *
 * Photos are offered only to a signed-in, named reporter: an uploaded photo records who
 * uploaded it, which would tie an anonymous clue to an account.
 */
import { Image, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { CLUE_DOMAINS, CLUE_DOMAIN_LABELS } from '../../../shared/clue/clue.catalog';
import type { ClueDomainCode } from '../../../shared/clue/clue.catalog';
import { Choices } from '../../components/Choices';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { formatDay } from '../../lib/format';
import { go } from '../../lib/nav';
import { useDraft } from '../../services/draft';
import { fieldErrors, isNetworkError } from '../../services/errors';
import { dismissSubmission, submit } from '../../services/outbox';
import { askForUpdates } from '../../services/subscribe';
import { newRequestId } from '../../services/request-id';
import { useMe } from '../../services/session';
import { pickPhotos, uploadPhoto } from '../../services/upload';
import { Button } from '../../ui';
import { VillagePicker } from '../account/village-picker';
import './new.scss';
import { chinaToday } from '../../../shared/calendar/china-time';

/** What the reporter is told after submitting (functions/clue/submit-clue.ts SubmitClueReply). */
interface SubmitClueReply {
  readonly trackingCode: string;
  readonly anonymous: boolean;
  readonly receivedAt: string;
  readonly proceduralReplyDueAt: string;
  readonly resultDueAt: string;
  readonly message: string;
  readonly nextSteps: readonly string[];
}

type ReporterKind = 'anonymous' | 'named';

interface Photo {
  readonly fileId: string;
  readonly src: string;
}

interface ClueDraft {
  domain: ClueDomainCode | null;
  seen: string;
  gridNodeId: string | null;
  placeText: string;
  date: string;
  dateUnsure: boolean;
  ongoing: boolean;
  party: string;
  reporter: ReporterKind | null;
  name: string;
  phone: string;
  photos: Photo[];
  requestId: string;
  /** Saved for sending when the network returns; the code is fetched again with the same requestId. */
  queued: boolean;
}

const MAX_PHOTOS = 9;
const DATE_UNSURE_NOTE = '具体哪天记不清了，这是大概的日子';

/** Today in China, `YYYY-MM-DD`, whatever the phone's time zone. */
const todayInChina = (): string => chinaToday();

function freshDraft(): ClueDraft {
  return {
    domain: null,
    seen: '',
    gridNodeId: null,
    placeText: '',
    date: todayInChina(),
    dateUnsure: false,
    ongoing: false,
    party: '',
    reporter: null,
    name: '',
    phone: '',
    photos: [],
    requestId: newRequestId('clue'),
    queued: false,
  };
}

const DOMAIN_OPTIONS = CLUE_DOMAINS.map((d) => ({ value: d.code, label: d.label, hint: d.hint }));

const REPORTER_OPTIONS = [
  {
    value: 'anonymous' as const,
    label: '匿名提交',
    hint: '不留姓名和电话，只能凭查询码查看进度。查询码丢了就找不回来了。',
  },
  {
    value: 'named' as const,
    label: '实名提交',
    hint: '留下姓名和电话，检察官需要时会打电话问您。您的姓名和电话只有检察官能看到。',
  },
];

/** The data sent to clue.submit, built from the draft. */
function inputOf(d: ClueDraft) {
  const party = d.party.trim();
  const named = d.reporter === 'named';
  return {
    domain: d.domain,
    seen: d.seen.trim(),
    place: { text: d.placeText.trim(), gridNodeId: d.gridNodeId },
    when: {
      date: d.date,
      ongoing: d.ongoing,
      ...(d.dateUnsure ? { note: DATE_UNSURE_NOTE } : {}),
    },
    photos: named ? d.photos.map((p) => p.fileId) : [],
    ...(party === '' ? {} : { party: { name: party } }),
    reporter: named
      ? { kind: 'named', name: d.name.trim(), phone: d.phone.replace(/\D/g, '') }
      : { kind: 'anonymous' },
  };
}

/** The checks the server makes too, so the person hears them before sending. */
function check(d: ClueDraft): Record<string, string> {
  const e: Record<string, string> = {};
  if (d.domain === null) e.domain = '请选一个最接近的方面';
  if (d.seen.trim().length < 5) e.seen = '请多写几句，至少 5 个字';
  if (d.gridNodeId === null) e['place.gridNodeId'] = '请选择在哪个村';
  if (d.placeText.trim() === '') e['place.text'] = '请写一下具体地点，例如「村南河桥下」';
  if (d.reporter === null) e.reporter = '请选择匿名还是实名';
  if (d.reporter === 'named') {
    if (d.name.trim() === '') e['reporter.name'] = '请填写您的姓名';
    if (!/^1[3-9]\d{9}$/.test(d.phone.replace(/\D/g, ''))) {
      e['reporter.phone'] = '请填写正确的 11 位手机号';
    }
  }
  return e;
}

function Done({
  reply,
  onAnother,
}: {
  readonly reply: SubmitClueReply;
  readonly onAnother: () => void;
}) {
  const code = reply.trackingCode;
  return (
    <>
      <Section>
        <Text className="t-title ok">线索已经提交</Text>
        <Text className="t-body">您的查询码是：</Text>
        <View className="cl-code">
          <Text id="tracking-code" className="t-hero cl-code__text" userSelect>
            {code}
          </Text>
        </View>
        <Text className="t-body">
          请把查询码<Text className="danger">抄在纸上</Text>
          或者截图保存。查看进度、补充材料都要用它。
        </Text>
        {reply.anonymous && (
          <Text className="t-body danger">
            您选择了匿名，查询码丢了就找不回来了，请一定保存好。
          </Text>
        )}
        <View className="actions">
          <Button
            id="copy-code"
            className="btn-block"
            type="primary"
            fill="outline"
            onClick={() => void Taro.setClipboardData({ data: code })}
          >
            复制查询码
          </Button>
          <Button
            id="go-track"
            className="btn-block"
            type="primary"
            onClick={() => go('clueTrack', { code })}
          >
            查看进度
          </Button>
        </View>
      </Section>
      <Section title="接下来会怎样">
        {reply.nextSteps.map((step) => (
          <Text key={step} className="t-body">
            · {step}
          </Text>
        ))}
      </Section>
      <View className="actions">
        <Button className="btn-block" fill="outline" onClick={onAnother}>
          再提交一条线索
        </Button>
        <Button className="btn-block" fill="outline" onClick={() => go('home')}>
          回首页
        </Button>
      </View>
    </>
  );
}

function Photos({
  photos,
  onChange,
  error,
}: {
  readonly photos: readonly Photo[];
  readonly onChange: (photos: Photo[]) => void;
  readonly error?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const add = async (): Promise<void> => {
    setMessage('');
    let paths: readonly string[];
    try {
      paths = await pickPhotos(MAX_PHOTOS - photos.length);
    } catch {
      return; // the person closed the picker
    }
    setBusy(true);
    const added: Photo[] = [];
    try {
      for (const path of paths.slice(0, MAX_PHOTOS - photos.length)) {
        const reply = await uploadPhoto(path);
        if (reply.ok) added.push({ fileId: reply.data.fileId, src: reply.data.src });
        else setMessage(reply.error.message);
      }
    } catch (thrown) {
      if (!isNetworkError(thrown)) throw thrown;
      setMessage('网络不通，照片没有传上去，请连上网络后再试。');
    } finally {
      setBusy(false);
      if (added.length > 0) onChange([...photos, ...added]);
    }
  };
  return (
    <Field
      label="证据照片"
      hint={`可以不拍。拍清楚现场，最多 ${MAX_PHOTOS} 张`}
      error={error ?? (message || undefined)}
    >
      {photos.length > 0 && (
        <View className="cl-photos">
          {photos.map((photo) => (
            <View key={photo.fileId} className="cl-photo">
              <Image className="cl-photo__img" src={photo.src} mode="aspectFill" />
              <View
                className="cl-photo__remove"
                onClick={() => onChange(photos.filter((p) => p.fileId !== photo.fileId))}
              >
                <Text className="t-small">删除</Text>
              </View>
            </View>
          ))}
        </View>
      )}
      {photos.length < MAX_PHOTOS && (
        <Button
          id="clue-photos"
          className="btn-block"
          fill="outline"
          loading={busy}
          disabled={busy}
          onClick={() => void add()}
        >
          {busy ? '正在上传…' : '拍照或选照片'}
        </Button>
      )}
    </Field>
  );
}

export default function ClueNewPage() {
  const me = useMe();
  const [initial] = useState(freshDraft);
  const [draft, update, clear] = useDraft<ClueDraft>('clue-new', initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<SubmitClueReply | null>(null);
  const retried = useRef(false);
  const signedIn = me.status === 'signedIn' ? me.me : null;

  // A signed-in villager: their own village, name and phone to start with.
  useEffect(() => {
    if (signedIn === null) return;
    const patch: Partial<ClueDraft> = {};
    const home = signedIn.isStaff ? null : (signedIn.village ?? signedIn.gridNodes[0] ?? null);
    if (draft.gridNodeId === null && home !== null) patch.gridNodeId = home.id;
    if (draft.name === '') patch.name = signedIn.name;
    if (draft.phone === '' && signedIn.phone) patch.phone = signedIn.phone;
    if (Object.keys(patch).length > 0) update(patch);
  }, [signedIn?.accountId, done]);

  const send = async (): Promise<void> => {
    const local = check(draft);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage('还有几项没填好，请看红字提示。');
      return;
    }
    setMessage('');
    // A named reporter may be told of each step (an anonymous one has no account): consent
    // first, in the tap itself (WeChat refuses it after an await), then the clue.
    const consent = draft.reporter === 'named' ? askForUpdates('clue') : null;
    setBusy(true);
    try {
      await consent;
      const label = `公益诉讼线索：${draft.domain ? CLUE_DOMAIN_LABELS[draft.domain] : ''}`;
      const outcome = await submit<SubmitClueReply>('clue', 'submit', inputOf(draft), {
        requestId: draft.requestId,
        label,
      });
      if (outcome.kind === 'done') {
        // Answered now: a copy queued earlier with this requestId need not be sent again.
        dismissSubmission(draft.requestId);
        setDone(outcome.data);
        clear();
        update({ ...freshDraft() });
        void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
      } else if (outcome.kind === 'refused') {
        setErrors(fieldErrors(outcome.error));
        setMessage(outcome.error.message);
      } else {
        retried.current = true; // asked again only when the page is opened next time
        update({ queued: true });
        Taro.showToast({ title: '已保存，联网后自动提交', icon: 'none', duration: 2500 });
        setTimeout(() => {
          if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
          else go('home');
        }, 1200);
      }
    } finally {
      setBusy(false);
    }
  };

  // A clue saved offline last time: ask again with the same requestId to get its code.
  useEffect(() => {
    if (draft.queued && !retried.current && me.status !== 'loading') {
      retried.current = true;
      void send();
    }
  }, [draft.queued, me.status]);

  if (done !== null) {
    return (
      <Screen title="线索已提交">
        <Done reply={done} onAnother={() => setDone(null)} />
      </Screen>
    );
  }

  if (draft.queued) {
    return (
      <Screen title="公益诉讼线索">
        <Section title="上次的线索还没有发出去">
          <Text className="t-body">
            线索已经保存在手机上，联网后会自动提交。提交成功后，点下面的按钮就能看到查询码。
          </Text>
          {message !== '' && <Text className="t-body danger">{message}</Text>}
          <Button
            id="clue-retrieve"
            className="btn-block"
            type="primary"
            loading={busy}
            disabled={busy}
            onClick={() => void send()}
          >
            查看查询码
          </Button>
        </Section>
      </Screen>
    );
  }

  const named = draft.reporter === 'named';
  return (
    <Screen title="公益诉讼线索">
      <Section title="什么是公益诉讼线索">
        <Text className="t-body">
          大家共同的利益受到损害的事，可以告诉检察机关。比如：河水被污染、乱倒垃圾、卖假药、向孩子卖烟酒、盲道被占、文物被破坏。
        </Text>
        <Text className="t-body">
          检察机关收到后会调查核实，督促有关部门依法处理，每一步都会答复您。
        </Text>
        <View className="cl-aside" onClick={() => go('concernNew')}>
          <Text className="t-small muted">
            自己家的事、邻里之间的纠纷，请用「我要说事」（点这里）。
          </Text>
        </View>
      </Section>

      <Section title="1. 是哪方面的事">
        <Field label="选一个最接近的" required error={errors.domain}>
          <Choices
            options={DOMAIN_OPTIONS}
            value={draft.domain}
            onChange={(domain) => update({ domain })}
            columns={1}
            idPrefix="domain"
          />
        </Field>
      </Section>

      <Section title="2. 您看到了什么">
        <Field
          label="把看到的情况写下来"
          required
          hint="什么人、做了什么、造成了什么后果，看到多少写多少"
          error={errors.seen}
        >
          <Textarea
            id="clue-seen"
            className="textarea"
            maxlength={2000}
            placeholder="例如：河里漂着很多死鱼，上游养殖场夜里往河里排黑水"
            value={draft.seen}
            onInput={(e) => update({ seen: e.detail.value })}
          />
        </Field>
        <Field
          label="涉及哪个单位或个人"
          hint="知道的话写上，不知道可以不填"
          error={errors['party.name']}
        >
          <Input
            id="clue-party"
            className="input"
            maxlength={60}
            placeholder="例如：某某养殖场"
            value={draft.party}
            onInput={(e) => update({ party: e.detail.value })}
          />
        </Field>
      </Section>

      <Section title="3. 在哪儿">
        <Field label="在哪个村" required error={errors['place.gridNodeId']}>
          <VillagePicker
            value={draft.gridNodeId}
            onChange={(gridNodeId) => update({ gridNodeId })}
            communityPrefix="clue-community"
            villagePrefix="place"
          />
        </Field>
        <Field label="具体地点" required error={errors['place.text']}>
          <Input
            id="clue-place"
            className="input"
            maxlength={100}
            placeholder="例如：村南河桥下"
            value={draft.placeText}
            onInput={(e) => update({ placeText: e.detail.value })}
          />
        </Field>
      </Section>

      <Section title="4. 什么时候看到的">
        <Field label="日期" hint="点一下可以改" error={errors['when.date']}>
          <Picker
            id="clue-date"
            mode="date"
            value={draft.date}
            end={todayInChina()}
            onChange={(e) => update({ date: e.detail.value })}
          >
            <View className="input cl-date">
              <Text className="t-body">
                {draft.date === todayInChina() ? '今天，' : ''}
                {formatDay(draft.date)}
              </Text>
              <Text className="t-small muted">改日期 ›</Text>
            </View>
          </Picker>
        </Field>
        <View className="choices choices--2">
          <View
            id="clue-date-unsure"
            className={`choice${draft.dateUnsure ? ' choice--on' : ''}`}
            onClick={() => update({ dateUnsure: !draft.dateUnsure })}
          >
            <Text className="choice__label t-body">{draft.dateUnsure ? '✔ ' : ''}记不清哪天</Text>
            <Text className="choice__hint t-small">选个大概的日子就行</Text>
          </View>
          <View
            id="clue-ongoing"
            className={`choice${draft.ongoing ? ' choice--on' : ''}`}
            onClick={() => update({ ongoing: !draft.ongoing })}
          >
            <Text className="choice__label t-body">{draft.ongoing ? '✔ ' : ''}现在还有</Text>
            <Text className="choice__hint t-small">到现在还在发生</Text>
          </View>
        </View>
      </Section>

      <Section title="5. 匿名还是实名">
        <Field label="请选一个" required error={errors.reporter}>
          <Choices
            options={REPORTER_OPTIONS}
            value={draft.reporter}
            onChange={(reporter) => update({ reporter })}
            columns={1}
            idPrefix="reporter"
          />
        </Field>
        {named && (
          <>
            <Text className="t-body notice">
              您的姓名和电话只有检察官能看到，网格员和其他人都看不到。
            </Text>
            <Field label="您的姓名" required error={errors['reporter.name']}>
              <Input
                id="reporter-name"
                className="input"
                maxlength={20}
                placeholder="姓名"
                value={draft.name}
                onInput={(e) => update({ name: e.detail.value })}
              />
            </Field>
            <Field label="您的手机号" required error={errors['reporter.phone']}>
              <Input
                id="reporter-phone"
                className="input"
                type="number"
                maxlength={11}
                placeholder="11 位手机号"
                value={draft.phone}
                onInput={(e) => update({ phone: e.detail.value.replace(/\D/g, '').slice(0, 11) })}
              />
            </Field>
          </>
        )}
      </Section>

      <Section title="6. 证据照片">
        {signedIn !== null && named ? (
          <Photos
            photos={draft.photos}
            onChange={(photos) => update({ photos })}
            error={errors.photos}
          />
        ) : signedIn === null ? (
          <Text id="clue-photo-note" className="t-body muted">
            匿名提交不能上传照片，可以到村里找网格员代为提交。登录后选「实名提交」，可以附上照片。
          </Text>
        ) : (
          <Text id="clue-photo-note" className="t-body muted">
            匿名提交不能上传照片（照片会记下是谁拍的），可以到村里找网格员代为提交。要附照片，请选「实名提交」。
          </Text>
        )}
        {!named && draft.photos.length > 0 && (
          <Text className="t-small warn">
            已选的 {draft.photos.length} 张照片匿名提交时不会发出。
          </Text>
        )}
      </Section>

      {message !== '' && (
        <Text id="clue-error" className="t-body danger cl-message">
          {message}
        </Text>
      )}
      <View className="actions">
        <Button
          id="clue-submit"
          className="btn-block"
          type="primary"
          loading={busy}
          disabled={busy}
          onClick={() => void send()}
        >
          提交线索
        </Button>
        <Text className="t-small muted cl-after">
          提交后会给您一个查询码，凭它查看进度。填到一半离开也没关系，下次回来还在。
        </Text>
      </View>
    </Screen>
  );
}
