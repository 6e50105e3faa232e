/**
 * 线索详情 (clue.get): what was seen, where, when, photos, status, every step — as the
 * server shaped it for this viewer. The prosecutor's view carries a named reporter's name
 * and phone; everyone else gets 「匿名」 or 「实名举报（…仅检察官可见）」 — the page renders
 * what it gets and never asks for more. A prosecutor or liaison reviews with exactly the
 * steps the view allows; the grid worker with a 核实 task reports what they found on the spot.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import type { ClueReviewAction, VerificationFinding } from '../../../shared/clue/clue.schema';
import {
  VERIFICATION_FINDING_LABELS,
  VERIFICATION_FINDINGS,
} from '../../../shared/clue/clue.schema';
import type { AppError } from '../../../shared/kernel/errors';
import type { toReviewerView, toVerifierView } from '../../../functions/clue/clue.views';
import { CallView } from '../../components/CallView';
import { Choices } from '../../components/Choices';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { Timeline } from '../../components/Timeline';
import { formatDateTime, formatDay } from '../../lib/format';
import { go, param } from '../../lib/nav';
import { api } from '../../services/api';
import { fieldErrors, isNetworkError } from '../../services/errors';
import { newRequestId } from '../../services/request-id';
import { useCall } from '../../services/use-call';
import type { ReplyState } from '../../services/views';
import { Button, Tag } from '../../ui';
import type { StaffPhoto } from '../task/PhotoPicker';
import { PhotoPicker, PhotoRow } from '../task/PhotoPicker';
import './index.scss';

type ReviewerView = ReturnType<typeof toReviewerView>;
type VerifierView = ReturnType<typeof toVerifierView>;
type ClueView = ReviewerView | VerifierView;

const REVIEW_LABELS: Readonly<Record<ClueReviewAction, string>> = {
  startReview: '开始审查',
  requestMoreInfo: '请举报人补充材料',
  requestVerification: '请网格员现场核实',
  accept: '受理',
  notAccept: '不予受理',
  transfer: '移送行政机关',
};

/** What the note box asks for, and whether the server requires it (reviewClueInputSchema). */
const NOTE_PROMPTS: Readonly<
  Record<ClueReviewAction, { label: string; required: boolean; hint?: string }>
> = {
  startReview: { label: '备注（可不填）', required: false },
  requestMoreInfo: { label: '需要举报人补充的材料', required: true, hint: '举报人会看到这段话' },
  requestVerification: {
    label: '请网格员核实的内容（可不填）',
    required: false,
    hint: '网格员会看到',
  },
  accept: { label: '备注（可不填）', required: false },
  notAccept: { label: '不予受理的理由', required: true, hint: '举报人会看到这段话' },
  transfer: { label: '移送的理由', required: true, hint: '举报人会看到这段话' },
};

const REVIEW_NEXT: Readonly<Record<ClueReviewAction, string>> = {
  startReview: '已开始审查，举报人会看到进度。',
  requestMoreInfo: '已请举报人补充材料。举报人用查询码补充后，线索会回到「审查中」。',
  requestVerification: '已请网格员到现场核实。核实结果回来后，线索会回到「审查中」，您会收到通知。',
  accept: '线索已受理，举报人会收到答复。',
  notAccept: '已作不予受理决定，举报人会看到理由。',
  transfer: '已移送行政机关，举报人会收到答复。',
};

function isVerifierView(view: ClueView): view is VerifierView {
  return 'canVerify' in view;
}

function replyText(
  state: ReplyState,
  due: string,
  what: string,
  late: string | null,
): { text: string; cls: string } {
  if (state === 'replied') return { text: `${what}：已答复`, cls: 'ok' };
  const day = `${formatDay(due)}前`;
  if (state === 'overdue') {
    return { text: `${what}：${late ?? '已超期'}（应在 ${day}）`, cls: 'danger' };
  }
  if (state === 'near_due') return { text: `${what}：快到期，${day}`, cls: 'warn' };
  return { text: `${what}：${day}`, cls: 'muted' };
}

/** What, where, when, photos: the same for every viewer. */
function Matter({ view }: { readonly view: ClueView }) {
  return (
    <>
      <Section>
        <View className="row">
          <Tag type="primary">{view.domain.label}</Tag>
        </View>
        <Text id="clue-status" className="t-title">
          {view.statusLabel}
        </Text>
        <Text className="t-small muted">{formatDateTime(view.receivedAt)} 收到</Text>
      </Section>
      <Section title="看到的情况">
        <Text id="clue-seen" className="t-body">
          {view.seen}
        </Text>
        <Text className="t-body">地点：{view.place.text}</Text>
        <Text className="t-body">
          时间：{formatDay(view.when.date)}
          {view.when.time ? ` ${view.when.time}` : ''}
          {view.when.ongoing ? '，现在还在发生' : ''}
          {view.when.note ? `（${view.when.note}）` : ''}
        </Text>
        {view.party && (view.party.name || view.party.description) && (
          <Text className="t-body">
            涉及：{[view.party.name, view.party.description].filter(Boolean).join('，')}
          </Text>
        )}
        <PhotoRow srcs={view.photos.map((p) => p.url)} />
      </Section>
    </>
  );
}

function VerificationResult({ view }: { readonly view: ClueView }) {
  const v = view.verification;
  if (v === null) return null;
  return (
    <Section title="现场核实结果">
      <Text className="t-label">{v.foundAsDescribedLabel}</Text>
      <Text className="t-body">{v.findings}</Text>
      <PhotoRow srcs={v.photos.map((p) => p.url)} />
      <Text className="t-small muted">{formatDateTime(v.at)} 核实</Text>
    </Section>
  );
}

export default function ClueDetail() {
  const clueId = param('id');
  const { state, reload } = useCall<ClueView>('clue', 'get', clueId ? { clueId } : null);
  const [mode, setMode] = useState<ClueReviewAction | null>(null);
  const [note, setNote] = useState('');
  const [transferredTo, setTransferredTo] = useState('');
  const [finding, setFinding] = useState<VerificationFinding | null>(null);
  const [findings, setFindings] = useState('');
  const [photos, setPhotos] = useState<StaffPhoto[]>([]);
  const [requestId, setRequestId] = useState(() => newRequestId('clue'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const errors = useMemo(() => fieldErrors(error), [error]);

  const send = async (action: 'review' | 'verify', data: object, next: string): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const reply = await api.call('clue', action, { clueId, ...data }, requestId);
      if (!reply.ok) {
        setError(reply.error);
        return;
      }
      setRequestId(newRequestId('clue'));
      setMode(null);
      setNote('');
      setTransferredTo('');
      setFinding(null);
      setFindings('');
      setPhotos([]);
      setDone(next);
      await reload();
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
    } catch (thrown) {
      if (!isNetworkError(thrown)) throw thrown;
      setError({ code: 'INTERNAL', message: '网络不通，没有提交成功。请联网后再点一次。' });
    } finally {
      setBusy(false);
    }
  };

  const review = (action: ClueReviewAction): void => {
    const trimmed = note.trim();
    const data: Record<string, unknown> = { action };
    if (trimmed !== '' || NOTE_PROMPTS[action].required) data.note = trimmed;
    if (action === 'transfer') data.transferredTo = transferredTo.trim();
    void send('review', data, REVIEW_NEXT[action]);
  };

  const verify = (): void => {
    void send(
      'verify',
      {
        findings: findings.trim(),
        photos: photos.map((p) => p.fileId),
        ...(finding === null ? {} : { foundAsDescribed: finding }),
      },
      '核实结果已提交，检察官会继续审查。这项任务已完成。',
    );
  };

  if (!clueId) {
    return (
      <Screen title="线索详情">
        <Section>
          <Text className="t-body">没有指明是哪条线索，请从任务或线索列表里点开。</Text>
        </Section>
      </Screen>
    );
  }

  return (
    <Screen title="线索详情">
      <CallView state={state} onRetry={() => void reload()}>
        {(view) => (
          <View className="stack">
            {done !== null && (
              <View id="clue-done" className="notice">
                <Text className="t-body">{done}</Text>
              </View>
            )}
            <Matter view={view} />
            {isVerifierView(view) ? (
              <>
                <Section title="核实任务">
                  {view.verificationRequest && (
                    <Text className="t-body">检察官请您核实：{view.verificationRequest}</Text>
                  )}
                  {view.task.dueAt && (
                    <Text className="t-body">请在 {formatDay(view.task.dueAt)}前到现场核实</Text>
                  )}
                  <Text className="t-small muted">
                    举报人的身份对您保密。到现场只看情况、拍照，不要打听是谁反映的。
                  </Text>
                </Section>
                <VerificationResult view={view} />
                {view.canVerify && (
                  <Section title="填写核实结果">
                    <Field label="现场情况与线索是否一致" required error={errors.foundAsDescribed}>
                      <Choices
                        idPrefix="finding"
                        columns={1}
                        options={VERIFICATION_FINDINGS.map((f) => ({
                          value: f,
                          label: VERIFICATION_FINDING_LABELS[f],
                        }))}
                        value={finding}
                        onChange={(f) => {
                          setError(null);
                          setFinding(f);
                        }}
                      />
                    </Field>
                    <Field
                      label="看到的情况"
                      required
                      error={errors.findings}
                      hint="只有检察机关能看到"
                    >
                      <Textarea
                        id="verify-note"
                        className="textarea"
                        maxlength={2000}
                        placeholder="例如：河边确有一根排水管，现场有黑色污水流入河中"
                        value={findings}
                        onInput={(e) => {
                          setError(null);
                          setFindings(e.detail.value);
                        }}
                      />
                    </Field>
                    <Field label="现场照片（可不传）" error={errors.photos}>
                      <PhotoPicker idPrefix="verify-photos" photos={photos} onChange={setPhotos} />
                    </Field>
                    {error !== null && (
                      <Text id="clue-error" className="t-body danger">
                        {error.message}
                      </Text>
                    )}
                    <Button
                      id="verify-submit"
                      className="btn-block"
                      type="primary"
                      loading={busy}
                      disabled={busy}
                      onClick={verify}
                    >
                      提交核实结果
                    </Button>
                  </Section>
                )}
                {!view.canVerify && view.verification === null && (
                  <Section>
                    <Text className="t-body muted">这项核实任务已经结束。</Text>
                  </Section>
                )}
                <Button className="btn-block" fill="outline" onClick={() => go('staffInbox')}>
                  回到我的任务
                </Button>
              </>
            ) : (
              <>
                <Section title="举报人">
                  <Text id="clue-reporter" className="t-body">
                    {view.reporter.kind === 'anonymous' ? '匿名' : view.reporter.label}
                  </Text>
                  {'name' in view.reporter && (
                    <>
                      <Text className="t-body">
                        姓名：{view.reporter.name}，电话：{view.reporter.phone}
                      </Text>
                      <Text className="t-small muted">
                        举报人身份只有检察官能看到，查看已记录在案，请严格保密。
                      </Text>
                    </>
                  )}
                </Section>

                <Section title="答复期限（件件有回复）">
                  {[
                    replyText(
                      view.deadlines.proceduralState,
                      view.deadlines.proceduralReplyDueAt,
                      '程序性答复',
                      view.deadlines.proceduralOverdue,
                    ),
                    replyText(
                      view.deadlines.resultState,
                      view.deadlines.resultDueAt,
                      '办理结果',
                      view.deadlines.resultOverdue,
                    ),
                  ].map((line) => (
                    <Text key={line.text} className={`t-body ${line.cls}`}>
                      {line.text}
                    </Text>
                  ))}
                  {view.deadlines.calendarNote !== null && (
                    <Text className="t-small warn">{view.deadlines.calendarNote}</Text>
                  )}
                </Section>

                {view.possibleDuplicates.length > 0 && (
                  <Section title="可能重复的线索">
                    {view.possibleDuplicates.map((d) => (
                      <View
                        key={d.clueId}
                        className="item"
                        onClick={() => go('staffClue', { id: d.clueId })}
                      >
                        <Text className="t-body">
                          {d.placeText ?? '（别处的线索）'} · {d.statusLabel ?? ''}
                        </Text>
                        <Text className="t-small muted">{d.reason}</Text>
                      </View>
                    ))}
                  </Section>
                )}

                <VerificationResult view={view} />

                {view.supplements.length > 0 && (
                  <Section title="举报人补充的材料">
                    {view.supplements.map((s) => (
                      <View key={s.at} className="stack">
                        <Text className="t-body">{s.text}</Text>
                        <PhotoRow srcs={s.photos.map((p) => p.url)} />
                        <Text className="t-small muted">{formatDateTime(s.at)}</Text>
                      </View>
                    ))}
                  </Section>
                )}

                {view.decision !== null && (
                  <Section title="决定">
                    <Text className="t-label">{view.decision.label}</Text>
                    {view.decision.transferredTo && (
                      <Text className="t-body">移送：{view.decision.transferredTo}</Text>
                    )}
                    {view.decision.reason && <Text className="t-body">{view.decision.reason}</Text>}
                    <Text className="t-small muted">{formatDateTime(view.decision.at)}</Text>
                  </Section>
                )}

                {view.actions.length > 0 && (
                  <Section title="审查">
                    <View className="cd-actions">
                      {view.actions.map((action) => (
                        <Button
                          key={action}
                          id={`review-${action}`}
                          className="btn"
                          type={action === 'notAccept' ? 'default' : 'primary'}
                          fill={mode === action ? 'solid' : 'outline'}
                          disabled={busy}
                          onClick={() => {
                            setError(null);
                            setDone(null);
                            setMode(mode === action ? null : action);
                          }}
                        >
                          {REVIEW_LABELS[action]}
                        </Button>
                      ))}
                    </View>
                  </Section>
                )}

                {mode !== null && (
                  <Section title={REVIEW_LABELS[mode]}>
                    {mode === 'transfer' && (
                      <Field label="移送给哪个行政机关" required error={errors.transferredTo}>
                        <Input
                          id="review-transferred-to"
                          className="input"
                          maxlength={60}
                          placeholder="例如：莒县生态环境分局"
                          value={transferredTo}
                          onInput={(e) => {
                            setError(null);
                            setTransferredTo(e.detail.value);
                          }}
                        />
                      </Field>
                    )}
                    <Field
                      label={NOTE_PROMPTS[mode].label}
                      required={NOTE_PROMPTS[mode].required}
                      hint={NOTE_PROMPTS[mode].hint}
                      error={errors.note}
                    >
                      <Textarea
                        id="review-note"
                        className="textarea"
                        maxlength={mode === 'notAccept' ? 1000 : 500}
                        value={note}
                        onInput={(e) => {
                          setError(null);
                          setNote(e.detail.value);
                        }}
                      />
                    </Field>
                    {error !== null && (
                      <Text id="clue-error" className="t-body danger">
                        {error.message}
                      </Text>
                    )}
                    <View className="actions">
                      <Button
                        id="review-submit"
                        className="btn-block"
                        type="primary"
                        loading={busy}
                        disabled={busy}
                        onClick={() => review(mode)}
                      >
                        确认{REVIEW_LABELS[mode]}
                      </Button>
                      <Button className="btn" fill="none" onClick={() => setMode(null)}>
                        先不处理
                      </Button>
                    </View>
                  </Section>
                )}

                <Section title="办理经过">
                  <Timeline
                    entries={view.timeline.map((t) => ({
                      at: t.at,
                      label: `${t.label}（${t.by}）`,
                      note: t.note,
                    }))}
                  />
                </Section>
              </>
            )}
          </View>
        )}
      </CallView>
    </Screen>
  );
}
