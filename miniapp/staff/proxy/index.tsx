/**
 * 代办说事: a grid worker files a concern for a villager of their grid. There is no action to
 * look villagers up, so the worker either names the villager (name and phone, kept on the
 * concern only) or first registers a villager without a phone (account.proxyRegister, with
 * the privacy notice read aloud) — the concern then belongs to that account. The concern goes
 * through the outbox with `onBehalfOf`; the draft survives leaving the page.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import type { ConcernKind, ConcernTopic } from '../../../shared/concern/concern.kinds';
import {
  CONCERN_KIND_LABELS,
  CONCERN_KINDS,
  CONCERN_TOPIC_LABELS,
  CONCERN_TOPICS,
} from '../../../shared/concern/concern.kinds';
import type { AppError } from '../../../shared/kernel/errors';
import { CallView } from '../../components/CallView';
import { Choices } from '../../components/Choices';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { staffGate } from '../StaffGate';
import { Section } from '../../components/Section';
import { go, replace } from '../../lib/nav';
import { PRIVACY_NOTICE_VERSION } from '../../pages/account/privacy.notice';
import { useDraft } from '../../services/draft';
import { fieldErrors } from '../../services/errors';
import { submit } from '../../services/outbox';
import { newRequestId } from '../../services/request-id';
import { hasRole, useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type {
  NodeView,
  PlacesView,
  StaffConcernView,
  VillagerConcernView,
} from '../../services/views';
import { Button } from '../../ui';
import './index.scss';

/** The `account.places` reply (functions/account/list-places.ts). */
interface PlaceOption {
  readonly id: string;
  readonly name: string;
}
/** The `account.proxyRegister` reply. */
interface ProxyRegistered {
  readonly accountId: string;
  readonly name: string;
  readonly gridNodeName: string;
}

type Who = 'register' | 'named';

const WHO_OPTIONS: readonly { value: Who; label: string; hint: string }[] = [
  {
    value: 'register',
    label: '登记一位没有手机的村民',
    hint: '先登记，以后办理进展和回访都记在他（她）名下，由您转告',
  },
  {
    value: 'named',
    label: '只写姓名和联系电话',
    hint: '不登记账号，电话用来回访',
  },
];

/** The centre records a call to the 123 hotline (123镇长热线): the caller by name and phone. */
const HOTLINE_OPTIONS: readonly { value: Who; label: string; hint: string }[] = [
  {
    value: 'named',
    label: '来电的村民',
    hint: '记下来电人的姓名、村和电话，回访时打这个电话',
  },
];

const RELATIONS = ['户主本人', '配偶', '子女', '父母', '儿媳', '孙辈', '其他'] as const;

interface ProxyDraft {
  who: Who | null;
  name: string;
  villageId: string | null;
  headName: string;
  relation: string | null;
  contactPhone: string;
  address: string;
  consent: boolean;
  /** Set once the villager is registered (or the registration is queued: name only). */
  villager: {
    name: string;
    accountId: string | null;
    phone: string | null;
    villageId: string;
  } | null;
  kind: ConcernKind | null;
  topic: ConcernTopic | null;
  text: string;
  placeText: string;
  registerRequestId: string;
  submitRequestId: string;
}

const INITIAL: ProxyDraft = {
  who: null,
  name: '',
  villageId: null,
  headName: '',
  relation: null,
  contactPhone: '',
  address: '',
  consent: false,
  villager: null,
  kind: null,
  topic: null,
  text: '',
  placeText: '',
  registerRequestId: '',
  submitRequestId: '',
};

/** The villages a worker covers: their own nodes, the villages of their communities, lanes' villages. */
function villagesInScope(places: PlacesView, nodes: readonly NodeView[]): PlaceOption[] {
  const ids = new Set(nodes.map((n) => n.id));
  const all = places.communities.flatMap((c) =>
    c.villages.map((v) => ({ ...v, communityId: c.id, label: `${c.name} ${v.name}` })),
  );
  const mine = all.filter(
    (v) =>
      ids.has(v.id) || ids.has(v.communityId) || nodes.some((n) => n.id.startsWith(`${v.id}-`)),
  );
  return (mine.length > 0 ? mine : all).map((v) => ({ id: v.id, name: v.label }));
}

function trimmedOrUndefined(value: string): string | undefined {
  const t = value.trim();
  return t === '' ? undefined : t;
}

export default function ProxyConcern() {
  const me = useMe();
  const worker = hasRole(me, 'grid_worker');
  // The centre without a grid of its own records hotline calls here (channel 热线).
  const hotline = !worker && hasRole(me, 'center_operator');
  const places = useCall<PlacesView>('account', 'places', worker || hotline ? {} : null);
  const [draft, update, clear] = useDraft<ProxyDraft>('staff-proxy', INITIAL);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const errors = useMemo(() => fieldErrors(error), [error]);
  /** A change to the form: the refusal it answered no longer applies. */
  const edit = (patch: Partial<ProxyDraft>): void => {
    setError(null);
    update(patch);
  };

  const registerVillager = async (): Promise<void> => {
    if (busy || draft.villageId === null) {
      if (draft.villageId === null) {
        setError({
          code: 'VALIDATION_FAILED',
          message: '请选择村民住在哪个村',
          details: { fields: [{ field: 'gridNodeId', message: '请选择村民住在哪个村' }] },
        });
      }
      return;
    }
    const requestId = draft.registerRequestId || newRequestId('proxyreg');
    update({ registerRequestId: requestId });
    setBusy(true);
    setError(null);
    const name = draft.name.trim();
    try {
      const outcome = await submit<ProxyRegistered>(
        'account',
        'proxyRegister',
        {
          name,
          gridNodeId: draft.villageId,
          householdHeadName: trimmedOrUndefined(draft.headName),
          relationToHead: draft.relation ?? undefined,
          contactPhone: trimmedOrUndefined(draft.contactPhone),
          address: trimmedOrUndefined(draft.address),
          privacyConsent: {
            agreed: draft.consent,
            noticeVersion: PRIVACY_NOTICE_VERSION,
            readAloud: draft.consent,
          },
        },
        { requestId, label: `代办登记：${name}` },
      );
      if (outcome.kind === 'refused') {
        setError(outcome.error);
        return;
      }
      const villageId = draft.villageId;
      if (outcome.kind === 'queued') {
        void Taro.showToast({ title: '登记已保存，联网后自动提交', icon: 'none', duration: 3000 });
        update({
          villager: {
            name,
            accountId: null,
            phone: trimmedOrUndefined(draft.contactPhone) ?? null,
            villageId,
          },
        });
        return;
      }
      update({
        villager: {
          name: outcome.data.name,
          accountId: outcome.data.accountId,
          phone: null,
          villageId,
        },
      });
    } finally {
      setBusy(false);
    }
  };

  const confirmNamed = (): void => {
    setError(null);
    const name = draft.name.trim();
    const problems: { field: string; message: string }[] = [];
    if (name === '') problems.push({ field: 'name', message: '请填写村民姓名' });
    if (draft.contactPhone.trim() === '')
      problems.push({ field: 'contactPhone', message: '请填写联系电话，用于回访' });
    if (draft.villageId === null)
      problems.push({ field: 'gridNodeId', message: '请选择村民住在哪个村' });
    if (problems.length > 0) {
      setError({
        code: 'VALIDATION_FAILED',
        message: problems[0]?.message ?? '',
        details: { fields: problems },
      });
      return;
    }
    update({
      villager: {
        name,
        accountId: null,
        phone: draft.contactPhone.trim(),
        villageId: draft.villageId as string,
      },
    });
  };

  const fileConcern = async (): Promise<void> => {
    const villager = draft.villager;
    if (busy || villager === null) return;
    if (draft.kind === null) {
      setError({
        code: 'VALIDATION_FAILED',
        message: '请选择是哪一类事',
        details: { fields: [{ field: 'kind', message: '请选择是哪一类事' }] },
      });
      return;
    }
    const requestId = draft.submitRequestId || newRequestId('proxy');
    update({ submitRequestId: requestId });
    setBusy(true);
    setError(null);
    try {
      const outcome = await submit<VillagerConcernView | StaffConcernView>(
        'concern',
        'submit',
        {
          kind: draft.kind,
          topic: draft.topic ?? 'other',
          text: draft.text.trim(),
          place: { gridNodeId: villager.villageId, text: trimmedOrUndefined(draft.placeText) },
          onBehalfOf: {
            villagerName: villager.name,
            ...(villager.accountId === null ? {} : { villagerAccountId: villager.accountId }),
            ...(villager.phone === null ? {} : { villagerPhone: villager.phone }),
          },
        },
        { requestId, label: `代办说事：${villager.name}` },
      );
      if (outcome.kind === 'refused') {
        setError(outcome.error);
        return;
      }
      clear();
      if (outcome.kind === 'queued') {
        void Taro.showToast({ title: '已保存，联网后自动提交', icon: 'none', duration: 3000 });
        replace('staffInbox');
        return;
      }
      void Taro.showToast({ title: '已代村民反映', icon: 'success' });
      replace('staffTask', { id: outcome.data.id });
    } finally {
      setBusy(false);
    }
  };

  const title = hotline ? '热线登记' : '代办说事';
  const gate = staffGate(
    me,
    worker || hotline,
    title,
    '只有网格员或镇指挥中心可以代村民反映问题。',
  );
  if (gate !== null) return gate;
  const nodes = me.status === 'signedIn' ? me.me.gridNodes : [];

  return (
    <Screen title={title}>
      <CallView state={places.state} onRetry={() => void places.reload()}>
        {(view) => {
          const villages = villagesInScope(view, nodes);
          const villageName = (id: string | null) => villages.find((v) => v.id === id)?.name ?? '';
          if (draft.villager === null) {
            return (
              <View className="stack" key="who">
                <Section title={hotline ? '第一步：谁打来的' : '第一步：替谁反映'}>
                  <Text className="t-small muted">
                    {hotline
                      ? '123镇长热线来电：记下来电村民的姓名、住在哪个村和电话，再记下反映的事。'
                      : '系统里还不能按姓名查找村民。村民有手机的，可以请他（她）自己注册；没有手机的，在这里先登记。'}
                  </Text>
                  <Choices
                    idPrefix="proxy-who"
                    columns={1}
                    options={hotline ? HOTLINE_OPTIONS : WHO_OPTIONS}
                    value={draft.who}
                    onChange={(who) => {
                      setError(null);
                      update({ who });
                    }}
                  />
                </Section>

                {draft.who !== null && (
                  <Section title={draft.who === 'register' ? '登记村民' : '村民信息'}>
                    <Field label="村民姓名" required error={errors.name}>
                      <Input
                        id="proxy-name"
                        className="input"
                        maxlength={20}
                        value={draft.name}
                        onInput={(e) => edit({ name: e.detail.value })}
                      />
                    </Field>
                    <Field label="住在哪个村" required error={errors.gridNodeId}>
                      <Choices
                        idPrefix="proxy-village"
                        options={villages.map((v) => ({ value: v.id, label: v.name }))}
                        value={draft.villageId}
                        onChange={(villageId) => edit({ villageId })}
                      />
                    </Field>
                    {draft.who === 'register' && (
                      <>
                        <Field label="户主姓名" error={errors.householdHeadName} hint="可不填">
                          <Input
                            id="proxy-head"
                            className="input"
                            maxlength={20}
                            value={draft.headName}
                            onInput={(e) => edit({ headName: e.detail.value })}
                          />
                        </Field>
                        <Field label="与户主的关系" error={errors.relationToHead} hint="可不选">
                          <Choices
                            idPrefix="proxy-relation"
                            columns={3}
                            options={RELATIONS.map((r) => ({ value: r, label: r }))}
                            value={draft.relation}
                            onChange={(relation) => edit({ relation })}
                          />
                        </Field>
                        <Field
                          label="住址"
                          error={errors.address}
                          hint="可不填，例如：村东头第三户"
                        >
                          <Input
                            id="proxy-address"
                            className="input"
                            maxlength={100}
                            value={draft.address}
                            onInput={(e) => edit({ address: e.detail.value })}
                          />
                        </Field>
                      </>
                    )}
                    <Field
                      label="联系电话"
                      required={draft.who === 'named'}
                      error={errors.contactPhone}
                      hint={
                        draft.who === 'register'
                          ? '可不填：子女的手机或家里的座机'
                          : '回访时打这个电话'
                      }
                    >
                      <Input
                        id="proxy-phone"
                        className="input"
                        type="text"
                        maxlength={20}
                        value={draft.contactPhone}
                        onInput={(e) => edit({ contactPhone: e.detail.value })}
                      />
                    </Field>

                    {draft.who === 'register' && (
                      <View className="px-consent">
                        <Text className="t-label">请把下面这段话读给村民听</Text>
                        <Text className="t-body px-consent__text">
                          「我替您在和合说事里登记：记下您的姓名、住在哪个村、户主和联系电话，用来办您反映的事、回访问您满不满意。只有办事的工作人员和镇指挥中心能看到，对外不公开。记错了或不想用了，可以找我或镇指挥中心更正、注销。您同意吗？」
                        </Text>
                        <Text className="t-small px-consent__link" onClick={() => go('privacy')}>
                          查看完整的隐私告知（版本 {PRIVACY_NOTICE_VERSION}）
                        </Text>
                        <View
                          id="proxy-consent"
                          className={`px-check${draft.consent ? ' px-check--on' : ''}`}
                          onClick={() => edit({ consent: !draft.consent })}
                        >
                          <View className="px-check__box">
                            <Text className="t-body">{draft.consent ? '✓' : ''}</Text>
                          </View>
                          <Text className="t-body">已经读给本人听，本人同意</Text>
                        </View>
                        {(errors['privacyConsent.agreed'] ??
                          errors['privacyConsent.readAloud']) && (
                          <Text className="t-small danger">
                            {errors['privacyConsent.agreed'] ?? errors['privacyConsent.readAloud']}
                          </Text>
                        )}
                      </View>
                    )}

                    {error !== null && (
                      <Text id="proxy-error" className="t-body danger">
                        {error.message}
                      </Text>
                    )}
                    {draft.who === 'register' ? (
                      <Button
                        id="proxy-register-submit"
                        className="btn-block"
                        type="primary"
                        loading={busy}
                        disabled={busy}
                        onClick={() => void registerVillager()}
                      >
                        登记，下一步
                      </Button>
                    ) : (
                      <Button
                        id="proxy-named-next"
                        className="btn-block"
                        type="primary"
                        onClick={confirmNamed}
                      >
                        下一步
                      </Button>
                    )}
                  </Section>
                )}
              </View>
            );
          }

          const villager = draft.villager;
          return (
            <View className="stack" key="what">
              <Section title="替谁反映">
                <Text id="proxy-villager" className="t-body">
                  {villager.name}（{villageName(villager.villageId)}）
                  {villager.accountId !== null ? '，已登记' : ''}
                </Text>
                <Text
                  className="t-small px-consent__link"
                  onClick={() => update({ villager: null, registerRequestId: '' })}
                >
                  换一位村民
                </Text>
              </Section>
              <Section title="第二步：反映什么事">
                <Field label="是哪一类事" required error={errors.kind}>
                  <Choices
                    idPrefix="kind"
                    columns={3}
                    options={CONCERN_KINDS.map((k) => ({
                      value: k,
                      label: CONCERN_KIND_LABELS[k],
                    }))}
                    value={draft.kind}
                    onChange={(kind) => edit({ kind })}
                  />
                </Field>
                <Field label="哪方面的事" error={errors.topic} hint="不知道选哪个就选「其他」">
                  <Choices
                    idPrefix="topic"
                    columns={3}
                    options={CONCERN_TOPICS.map((t) => ({
                      value: t,
                      label: CONCERN_TOPIC_LABELS[t],
                    }))}
                    value={draft.topic}
                    onChange={(topic) => edit({ topic })}
                  />
                </Field>
                <Field
                  label="村民说的事"
                  required
                  error={errors.text}
                  hint="照村民的原话记，至少 5 个字"
                >
                  <Textarea
                    id="proxy-text"
                    className="textarea"
                    maxlength={2000}
                    value={draft.text}
                    onInput={(e) => edit({ text: e.detail.value })}
                  />
                </Field>
                <Field
                  label="具体在哪"
                  error={errors['place.text']}
                  hint={`${villageName(villager.villageId)}的哪个位置，可不填`}
                >
                  <Input
                    id="proxy-place"
                    className="input"
                    maxlength={100}
                    value={draft.placeText}
                    onInput={(e) => edit({ placeText: e.detail.value })}
                  />
                </Field>
                {error !== null && (
                  <Text id="proxy-error" className="t-body danger">
                    {error.message}
                  </Text>
                )}
                <Button
                  id="proxy-submit"
                  className="btn-block"
                  type="primary"
                  loading={busy}
                  disabled={busy}
                  onClick={() => void fileConcern()}
                >
                  代村民提交
                </Button>
                <Text className="t-small muted">
                  提交后会马上派给负责的人办理，办理进展由您转告村民。
                </Text>
              </Section>
            </View>
          );
        }}
      </CallView>
    </Screen>
  );
}
