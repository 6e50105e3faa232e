/**
 * 任务详情 (handling a concern, staff view of concern.get): what was raised, where, by whom
 * (masked phone; the assignee or the centre may reveal it, audited), the deadline, photos,
 * every step — and buttons for exactly the steps the server allows this viewer now
 * (`actions`). Each step with fields opens its form; after each step the page reads again
 * and says what happens next.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { CLUE_DOMAINS } from '../../../shared/clue/clue.catalog';
import type { RejectReason, TransferTarget } from '../../../shared/concern/concern.schema';
import {
  REJECT_REASON_LABELS,
  REJECT_REASONS,
  TRANSFER_TARGET_LABELS,
  TRANSFER_TARGETS,
} from '../../../shared/concern/concern.schema';
import { DEPARTMENTS } from '../../../shared/grid/departments.catalog';
import type { AppError } from '../../../shared/kernel/errors';
import { DISPUTE_TYPES } from '../../../shared/mediation/mediation.catalog';
import { CallView } from '../../components/CallView';
import { Choices } from '../../components/Choices';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { Timeline } from '../../components/Timeline';
import { formatDateTime, formatDay, formatDue } from '../../lib/format';
import { go, param } from '../../lib/nav';
import { api } from '../../services/api';
import { PhoneReturnVisit } from '../PhoneReturnVisit';
import { fieldErrors, isNetworkError } from '../../services/errors';
import { newRequestId } from '../../services/request-id';
import { hasRole, useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type { HandedOverReply, StaffConcernView, VillagerConcernView } from '../../services/views';
import { Button, Tag } from '../../ui';
import type { StaffPhoto } from './PhotoPicker';
import { PhotoPicker, PhotoRow } from './PhotoPicker';
import './index.scss';

type ConcernAction =
  'accept' | 'start' | 'resolve' | 'transfer' | 'reject' | 'requestExtension' | 'supervise';

const ACTION_LABELS: Readonly<Record<ConcernAction, string>> = {
  accept: '受理',
  start: '开始办理',
  resolve: '办结',
  transfer: '转办',
  reject: '不予受理',
  requestExtension: '申请延期',
  supervise: '督办',
};

/** Buttons in the order a handler goes through the steps. */
const ACTION_ORDER: readonly ConcernAction[] = [
  'accept',
  'start',
  'resolve',
  'requestExtension',
  'transfer',
  'reject',
  'supervise',
];

/** Steps that need no fields: one tap does them. */
const ONE_TAP: readonly ConcernAction[] = ['accept', 'start'];

/** Task kinds finished here with 「这项任务已完成」 (a concern's handling task ends with 办结). */
const COMPLETABLE_TASK_KINDS: readonly string[] = ['supervise', 'return_visit'];

/** The assignee may extend by up to 5 working days once; the centre up to 10. */
const EXT_DAYS_ASSIGNEE = ['1', '2', '3', '5'] as const;
const EXT_DAYS_CENTRE = ['1', '2', '3', '5', '7', '10'] as const;

/** The reply when a step took the concern out of the caller's sight (functions/concern/concern.commit.ts). */
type StepReply = StaffConcernView | HandedOverReply;

interface Forms {
  resolveNote: string;
  resolvePhotos: StaffPhoto[];
  transferTo: TransferTarget | null;
  departmentId: string | null;
  disputeType: string | null;
  domain: string | null;
  /** The villager agreed to be named to the prosecutor ('yes') or not ('no'). */
  clueConsent: 'yes' | 'no';
  transferReason: string;
  rejectCode: RejectReason | null;
  duplicateOf: string;
  rejectReason: string;
  extDays: string | null;
  extReason: string;
  superviseNote: string;
}

const EMPTY_FORMS: Forms = {
  resolveNote: '',
  resolvePhotos: [],
  transferTo: null,
  departmentId: null,
  disputeType: null,
  domain: null,
  clueConsent: 'no',
  transferReason: '',
  rejectCode: null,
  duplicateOf: '',
  rejectReason: '',
  extDays: null,
  extReason: '',
  superviseNote: '',
};

function isStaffView(view: StaffConcernView | VillagerConcernView): view is StaffConcernView {
  return 'reporter' in view && 'actions' in view;
}

function isHandedOver(reply: StepReply): reply is HandedOverReply {
  return 'handedOver' in reply;
}

/** What happens next, said after each step. */
function nextStepText(action: ConcernAction, view: StaffConcernView | null): string {
  switch (action) {
    case 'accept':
      return '已受理，村民会收到通知。了解清楚情况后，请点「开始办理」。';
    case 'start':
      return '已开始办理。办完后请点「办结」，写明办了什么。';
    case 'resolve':
      return '已办结，等待村民评价。村民不满意时，这件事会重新回到您这里。';
    case 'transfer':
      return '已转办，接手的人会收到任务，村民也会收到通知。';
    case 'reject':
      return '已不予受理，村民会看到您写的说明。';
    case 'requestExtension':
      return view?.dueAt
        ? `已延期，新的期限是 ${formatDay(view.dueAt)}前办结，村民会收到通知。`
        : '已延期，村民会收到通知。';
    case 'supervise':
      return '已督办，承办人会收到提醒。';
  }
}

/** The input of each step with fields, from the forms (the shared schemas check it on the server). */
function inputOf(action: ConcernAction, f: Forms): Record<string, unknown> {
  switch (action) {
    case 'resolve':
      return { note: f.resolveNote, photos: f.resolvePhotos.map((p) => p.fileId) };
    case 'transfer': {
      const target: Record<string, unknown> = { to: f.transferTo ?? undefined };
      if (f.transferTo === 'department') target.departmentId = f.departmentId ?? undefined;
      if (f.transferTo === 'mediation') target.disputeType = f.disputeType ?? undefined;
      if (f.transferTo === 'clue') {
        target.domain = f.domain ?? undefined;
        target.reporterConsent = f.clueConsent === 'yes';
      }
      return { target, note: f.transferReason };
    }
    case 'reject':
      return {
        reasonCode: f.rejectCode ?? undefined,
        reason: f.rejectReason,
        ...(f.rejectCode === 'duplicate' ? { duplicateOf: f.duplicateOf.trim() } : {}),
      };
    case 'requestExtension':
      return {
        workingDays: f.extDays === null ? undefined : Number(f.extDays),
        reason: f.extReason,
      };
    case 'supervise':
      return { note: f.superviseNote };
    default:
      return {};
  }
}

function DeadlineLine({ view }: { readonly view: StaffConcernView }) {
  if (view.dueAt === null) return <Text className="t-body muted">还没有办理期限</Text>;
  const day = `${formatDue(view.dueAt)}前办结`;
  const note =
    view.calendarNote === null ? null : (
      <Text id="deadline-calendar-note" className="t-small warn">
        {view.calendarNote}
      </Text>
    );
  if (view.deadline === 'overdue') {
    return (
      <View className="stack">
        <View className="row">
          <Text className="badge-overdue t-small">{view.overdueText ?? '已超期'}</Text>
          <Text className="t-body danger">应在 {day}</Text>
        </View>
        {note}
      </View>
    );
  }
  const line =
    view.deadline === 'near_due' ? (
      <Text className="t-body warn">快到期：{day}</Text>
    ) : (
      <Text className="t-body">{view.deadline === null ? `期限：${day}` : day}</Text>
    );
  return note === null ? (
    line
  ) : (
    <View className="stack">
      {line}
      {note}
    </View>
  );
}

export default function TaskDetail() {
  const concernId = param('id');
  const taskId = param('taskId');
  const taskKind = param('kind');
  const me = useMe();
  const { state, reload } = useCall<StaffConcernView | VillagerConcernView>(
    'concern',
    'get',
    concernId ? { concernId } : null,
  );
  const [mode, setMode] = useState<ConcernAction | null>(null);
  const [forms, setForms] = useState<Forms>(EMPTY_FORMS);
  const [requestId, setRequestId] = useState(() => newRequestId('act'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [handedOver, setHandedOver] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [taskDone, setTaskDone] = useState(false);
  const errors = useMemo(() => fieldErrors(error), [error]);
  const update = (patch: Partial<Forms>): void => {
    setError(null);
    setForms((prev) => ({ ...prev, ...patch }));
  };
  const isCentre = hasRole(me, 'center_operator');

  const choose = (action: ConcernAction): void => {
    setError(null);
    setDone(null);
    if (ONE_TAP.includes(action)) void run(action);
    else setMode(mode === action ? null : action);
  };

  const run = async (action: ConcernAction): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const reply = await api.call<StepReply>(
        'concern',
        action,
        { concernId, ...inputOf(action, forms) },
        requestId,
      );
      if (!reply.ok) {
        setError(reply.error);
        return;
      }
      setRequestId(newRequestId('act'));
      setMode(null);
      setForms(EMPTY_FORMS);
      if (isHandedOver(reply.data)) {
        setHandedOver(`${nextStepText(action, null)}现在的状态：${reply.data.statusLabel}。`);
        return;
      }
      setDone(nextStepText(action, reply.data));
      await reload();
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
    } catch (thrown) {
      if (!isNetworkError(thrown)) throw thrown;
      setError({ code: 'INTERNAL', message: '网络不通，没有提交成功。请联网后再点一次。' });
    } finally {
      setBusy(false);
    }
  };

  const reveal = async (): Promise<void> => {
    try {
      const reply = await api.call<StaffConcernView>('concern', 'get', {
        concernId,
        revealPhone: true,
      });
      if (reply.ok) setRevealed(reply.data.reporter.phone);
      else void Taro.showToast({ title: reply.error.message, icon: 'none' });
    } catch {
      void Taro.showToast({ title: '网络不通，请稍后再试', icon: 'none' });
    }
  };

  const completeTask = async (): Promise<void> => {
    try {
      const reply = await api.call('task', 'complete', { taskId });
      if (reply.ok) setTaskDone(true);
      else void Taro.showToast({ title: reply.error.message, icon: 'none', duration: 3000 });
    } catch {
      void Taro.showToast({ title: '网络不通，请稍后再试', icon: 'none' });
    }
  };

  if (!concernId) {
    return (
      <Screen title="任务详情">
        <Section>
          <Text className="t-body">没有指明是哪件事，请从「我的任务」里点开。</Text>
        </Section>
      </Screen>
    );
  }

  if (handedOver !== null) {
    return (
      <Screen title="任务详情">
        <Section title="已转办">
          <Text id="task-done" className="t-body ok">
            {handedOver}
          </Text>
          <Text className="t-body muted">这件事已交给别人办理，您这里不再显示。</Text>
          <Button className="btn-block" type="primary" onClick={() => go('staffInbox')}>
            回到我的任务
          </Button>
        </Section>
      </Screen>
    );
  }

  return (
    <Screen title="任务详情">
      <CallView state={state} onRetry={() => void reload()}>
        {(view) => {
          if (!isStaffView(view)) {
            return (
              <Section>
                <Text className="t-body">这是您自己反映的事，请在「我的说事」里查看。</Text>
                <Button className="btn" onClick={() => go('concernDetail', { id: concernId })}>
                  去查看
                </Button>
              </Section>
            );
          }
          // The server's list, in the order a handler goes through them.
          const actions = ACTION_ORDER.filter((a) => view.actions.includes(a));
          return (
            <View className="stack">
              {done !== null && (
                <View id="task-done" className="notice">
                  <Text className="t-body">{done}</Text>
                </View>
              )}

              <Section>
                <View className="row">
                  <Tag type="primary">{view.kindLabel}</Tag>
                  <Tag plain>{view.topicLabel}</Tag>
                  {view.emergency && <Tag type="danger">紧急</Tag>}
                  {view.confidential && <Tag type="warning">保密</Tag>}
                </View>
                <View className="item__head">
                  <Text id="task-status" className="t-title">
                    {view.statusLabel}
                  </Text>
                  {view.escalationLevel > 0 && (
                    <Text className="t-small danger">{view.escalationLabel}</Text>
                  )}
                </View>
                <DeadlineLine view={view} />
                {view.assignee !== null && (
                  <Text className="t-small muted">
                    承办：{view.assignee.roleLabel} {view.assignee.name}
                  </Text>
                )}
                {view.routedBecause !== null && (
                  <Text id="task-routed-because" className="t-small muted">
                    派单原因：{view.routedBecause}
                  </Text>
                )}
              </Section>

              <Section title="反映的问题">
                <Text id="task-text" className="t-body">
                  {view.text}
                </Text>
                <Text className="t-body">
                  地点：{view.place.name}
                  {view.place.text ? `，${view.place.text}` : ''}
                </Text>
                <PhotoRow srcs={view.photos.map((p) => p.url)} />
                <Text className="t-small muted">
                  {formatDateTime(view.createdAt)} 反映
                  {view.followerCount > 0 ? `，另有 ${view.followerCount} 位村民也遇到了` : ''}
                  {view.reopenCount > 0 ? `，重新办理过 ${view.reopenCount} 次` : ''}
                </Text>
              </Section>

              <Section title="说事人">
                {view.reporter.hidden ? (
                  <Text className="t-body muted">
                    说事人要求保密，只有承办人和指挥中心能看到姓名和电话。
                  </Text>
                ) : (
                  <>
                    <Text className="t-body">
                      {view.reporter.name}
                      {view.reporter.onBehalfOf ? '（网格员代办）' : ''}
                    </Text>
                    {view.reporter.phone === null ? (
                      <Text className="t-small muted">没有留电话</Text>
                    ) : (
                      <View className="row">
                        <Text id="reporter-phone" className="t-body">
                          {revealed ?? view.reporter.phone}
                        </Text>
                        {revealed === null &&
                          !view.reporter.phoneRevealed &&
                          actions.length > 0 && (
                            <Button
                              id="reveal-phone"
                              className="btn"
                              size="small"
                              fill="outline"
                              onClick={() => void reveal()}
                            >
                              查看完整号码
                            </Button>
                          )}
                        {revealed !== null && (
                          <Button
                            id="call-phone"
                            className="btn"
                            size="small"
                            type="primary"
                            onClick={() =>
                              void Taro.makePhoneCall({ phoneNumber: revealed }).catch(
                                () => undefined,
                              )
                            }
                          >
                            打电话
                          </Button>
                        )}
                      </View>
                    )}
                    {revealed !== null && (
                      <Text className="t-small muted">
                        查看完整号码已记录在案，只用于联系说事人。
                      </Text>
                    )}
                  </>
                )}
              </Section>

              {isCentre && view.status === 'resolved' && (
                <PhoneReturnVisit
                  concernId={view.id}
                  reporterPhone={revealed ?? view.reporter.phone}
                  onRecorded={(result) => {
                    setDone(
                      result === 'resolved'
                        ? '回访结果已记下：已解决，这件事已归档。'
                        : '回访结果已记下，已重新交给承办人办理，村民会收到通知。',
                    );
                    void reload();
                  }}
                />
              )}

              {(view.resolution ||
                view.rejectionReason ||
                view.transfer ||
                view.rating ||
                view.extensions.length > 0) && (
                <Section title="办理情况">
                  {view.resolution && (
                    <View className="stack">
                      <Text className="t-label">
                        办理结果（{formatDateTime(view.resolution.resolvedAt)}）
                      </Text>
                      <Text className="t-body">{view.resolution.note}</Text>
                      <PhotoRow srcs={view.resolution.photos.map((p) => p.url)} />
                    </View>
                  )}
                  {view.rating && <Text className="t-body">村民评价：{view.rating.label}</Text>}
                  {view.rejectionReason && (
                    <Text className="t-body">不予受理：{view.rejectionReason}</Text>
                  )}
                  {view.transfer && (
                    <Text className="t-body">
                      {view.transfer.targetLabel}：{view.transfer.note}
                    </Text>
                  )}
                  {view.extensions.map((x) => (
                    <Text key={x.requestedAt} className="t-small muted">
                      延期 {x.workingDays} 个工作日，到 {formatDay(x.newDueAt)}。原因：{x.reason}
                    </Text>
                  ))}
                </Section>
              )}

              {actions.length > 0 && (
                <Section title="办理">
                  <View className="tk-actions">
                    {actions.map((action) => (
                      <Button
                        key={action}
                        id={`act-${action}`}
                        className="btn"
                        type={action === 'reject' ? 'default' : 'primary'}
                        fill={ONE_TAP.includes(action) || mode === action ? 'solid' : 'outline'}
                        loading={busy && ONE_TAP.includes(action)}
                        disabled={busy}
                        onClick={() => choose(action)}
                      >
                        {ACTION_LABELS[action]}
                      </Button>
                    ))}
                  </View>
                  {error !== null && mode === null && (
                    <Text id="act-error" className="t-body danger">
                      {error.message}
                    </Text>
                  )}
                </Section>
              )}

              {mode !== null && (
                <Section title={ACTION_LABELS[mode]}>
                  {mode === 'resolve' && (
                    <>
                      <Field label="办了什么" required error={errors.note} hint="村民会看到这段话">
                        <Textarea
                          id="resolve-note"
                          className="textarea"
                          maxlength={1000}
                          placeholder="例如：已联系环卫所，垃圾箱今天上午清运完毕"
                          value={forms.resolveNote}
                          onInput={(e) => update({ resolveNote: e.detail.value })}
                        />
                      </Field>
                      <Field label="办结照片（可不传）" error={errors.photos}>
                        <PhotoPicker
                          idPrefix="resolve-photos"
                          photos={forms.resolvePhotos}
                          onChange={(resolvePhotos) => update({ resolvePhotos })}
                        />
                      </Field>
                    </>
                  )}

                  {mode === 'transfer' && (
                    <>
                      <Field label="转给哪里" required error={errors['target.to'] ?? errors.target}>
                        <Choices
                          idPrefix="transfer-to"
                          columns={1}
                          options={TRANSFER_TARGETS.map((t) => ({
                            value: t,
                            label: TRANSFER_TARGET_LABELS[t],
                          }))}
                          value={forms.transferTo}
                          onChange={(transferTo) => update({ transferTo })}
                        />
                      </Field>
                      {forms.transferTo === 'department' && (
                        <Field label="哪个部门" required error={errors['target.departmentId']}>
                          <Choices
                            idPrefix="transfer-dept"
                            options={DEPARTMENTS.map((d) => ({ value: d.code, label: d.label }))}
                            value={forms.departmentId}
                            onChange={(departmentId) => update({ departmentId })}
                          />
                        </Field>
                      )}
                      {forms.transferTo === 'mediation' && (
                        <Field label="什么纠纷" required error={errors['target.disputeType']}>
                          <Choices
                            idPrefix="transfer-dispute"
                            options={DISPUTE_TYPES.map((d) => ({ value: d.code, label: d.label }))}
                            value={forms.disputeType}
                            onChange={(disputeType) => update({ disputeType })}
                          />
                        </Field>
                      )}
                      {forms.transferTo === 'clue' && (
                        <Field label="线索领域" required error={errors['target.domain']}>
                          <Choices
                            idPrefix="transfer-domain"
                            columns={1}
                            options={CLUE_DOMAINS.map((d) => ({
                              value: d.code,
                              label: d.label,
                              hint: d.hint,
                            }))}
                            value={forms.domain}
                            onChange={(domain) => update({ domain })}
                          />
                        </Field>
                      )}
                      {forms.transferTo === 'clue' && (
                        <Field
                          label="村民是否同意实名"
                          hint="请先问村民。同意的，姓名和电话只有检察官能看到；不同意的匿名转交，村民凭查询码查看进度"
                        >
                          <Choices
                            idPrefix="transfer-consent"
                            columns={1}
                            options={[
                              { value: 'no', label: '不同意，匿名转交' },
                              { value: 'yes', label: '同意实名，检察官可以联系他' },
                            ]}
                            value={forms.clueConsent}
                            onChange={(clueConsent) => update({ clueConsent })}
                          />
                        </Field>
                      )}
                      <Field
                        label="转办说明"
                        required
                        error={errors.note}
                        hint="写清为什么转、需要对方做什么"
                      >
                        <Textarea
                          id="transfer-reason"
                          className="textarea"
                          maxlength={500}
                          value={forms.transferReason}
                          onInput={(e) => update({ transferReason: e.detail.value })}
                        />
                      </Field>
                    </>
                  )}

                  {mode === 'reject' && (
                    <>
                      <Field label="不予受理的原因" required error={errors.reasonCode}>
                        <Choices
                          idPrefix="reject-code"
                          options={REJECT_REASONS.map((r) => ({
                            value: r,
                            label: REJECT_REASON_LABELS[r],
                          }))}
                          value={forms.rejectCode}
                          onChange={(rejectCode) => update({ rejectCode })}
                        />
                      </Field>
                      {forms.rejectCode === 'duplicate' && (
                        <Field label="与哪一件重复（说事编号）" required error={errors.duplicateOf}>
                          <Input
                            id="reject-duplicate"
                            className="input"
                            value={forms.duplicateOf}
                            onInput={(e) => update({ duplicateOf: e.detail.value })}
                          />
                        </Field>
                      )}
                      <Field
                        label="给村民的说明"
                        required
                        error={errors.reason}
                        hint="村民会看到这段话，请写得好懂"
                      >
                        <Textarea
                          id="reject-reason"
                          className="textarea"
                          maxlength={500}
                          value={forms.rejectReason}
                          onInput={(e) => update({ rejectReason: e.detail.value })}
                        />
                      </Field>
                    </>
                  )}

                  {mode === 'requestExtension' && (
                    <>
                      <Field
                        label="延长几个工作日"
                        required
                        error={errors.workingDays}
                        hint={isCentre ? undefined : '承办人可以延期一次，最多 5 个工作日'}
                      >
                        <Choices
                          idPrefix="ext-days"
                          columns={3}
                          options={(isCentre ? EXT_DAYS_CENTRE : EXT_DAYS_ASSIGNEE).map((d) => ({
                            value: d,
                            label: `${d} 天`,
                          }))}
                          value={forms.extDays}
                          onChange={(extDays) => update({ extDays })}
                        />
                      </Field>
                      <Field
                        label="延期理由"
                        required
                        error={errors.reason}
                        hint="村民会看到这段话"
                      >
                        <Textarea
                          id="ext-reason"
                          className="textarea"
                          maxlength={500}
                          value={forms.extReason}
                          onInput={(e) => update({ extReason: e.detail.value })}
                        />
                      </Field>
                    </>
                  )}

                  {mode === 'supervise' && (
                    <Field label="督办意见" required error={errors.note} hint="承办人会收到">
                      <Textarea
                        id="supervise-note"
                        className="textarea"
                        maxlength={500}
                        value={forms.superviseNote}
                        onInput={(e) => update({ superviseNote: e.detail.value })}
                      />
                    </Field>
                  )}

                  {error !== null && (
                    <Text id="act-error" className="t-body danger">
                      {error.message}
                    </Text>
                  )}
                  <View className="actions">
                    <Button
                      id={`${mode === 'requestExtension' ? 'ext' : mode}-submit`}
                      className="btn-block"
                      type="primary"
                      loading={busy}
                      disabled={busy}
                      onClick={() => void run(mode)}
                    >
                      确认{ACTION_LABELS[mode]}
                    </Button>
                    <Button className="btn" fill="none" onClick={() => setMode(null)}>
                      先不{ACTION_LABELS[mode]}
                    </Button>
                  </View>
                </Section>
              )}

              {taskId && COMPLETABLE_TASK_KINDS.includes(taskKind) && (
                <Section title="我的任务">
                  {taskDone ? (
                    <Text className="t-body ok">这项任务已完成，已从「我的任务」里去掉。</Text>
                  ) : (
                    <Button
                      id="task-complete"
                      className="btn-block"
                      type="primary"
                      fill="outline"
                      onClick={() => void completeTask()}
                    >
                      这项任务已完成
                    </Button>
                  )}
                </Section>
              )}

              <Section title="办理经过">
                <Timeline
                  entries={view.timeline.map((t) => ({
                    at: t.at,
                    label: `${t.title}（${t.by}）`,
                    note: t.note,
                  }))}
                />
              </Section>
            </View>
          );
        }}
      </CallView>
    </Screen>
  );
}
