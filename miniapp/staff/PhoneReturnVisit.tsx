/**
 * 电话回访: the centre calls a villager whose concern was resolved (many have no phone app, or
 * no smartphone at all) and records the answer in one tap: 已解决 archives it, 部分解决 and
 * 未解决 reopen it to its handler with a fresh time limit (concern.rate as the centre).
 */
import { Text, Textarea } from '@tarojs/components';
import { useState } from 'react';
import type { RatingResult } from '../../shared/concern/concern.schema';
import type { AppError } from '../../shared/kernel/errors';
import { Choices } from '../components/Choices';
import { Field } from '../components/Field';
import { Section } from '../components/Section';
import { api } from '../services/api';
import { isNetworkError } from '../services/errors';
import { newRequestId } from '../services/request-id';
import { Button } from '../ui';

const ANSWERS: readonly { value: RatingResult; label: string; hint: string }[] = [
  { value: 'resolved', label: '已解决', hint: '村民说事情办好了，归档' },
  { value: 'partly', label: '部分解决', hint: '办了一些，重新交给承办人' },
  { value: 'unresolved', label: '未解决', hint: '问题还在，重新交给承办人' },
];

export function PhoneReturnVisit({
  concernId,
  reporterPhone,
  onRecorded,
}: {
  readonly concernId: string;
  /** The number as the centre may see it (masked until revealed). */
  readonly reporterPhone: string | null;
  readonly onRecorded: (result: RatingResult) => void;
}) {
  const [result, setResult] = useState<RatingResult | null>(null);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [offline, setOffline] = useState(false);
  const [requestId] = useState(() => newRequestId('visit'));

  async function send(): Promise<void> {
    if (result === null || sending) return;
    setSending(true);
    setError(null);
    setOffline(false);
    const words = comment.trim();
    try {
      const reply = await api.call(
        'concern',
        'rate',
        { concernId, result, ...(words ? { comment: `电话回访：${words}` } : {}) },
        requestId,
      );
      if (reply.ok) onRecorded(result);
      else setError(reply.error);
    } catch (thrown) {
      if (!isNetworkError(thrown)) throw thrown;
      setOffline(true);
    } finally {
      setSending(false);
    }
  }

  return (
    <Section title="电话回访">
      <Text className="t-body">
        请打电话问村民：反映的问题解决了吗？按村民的回答点一项。
        {reporterPhone === null ? '' : `电话：${reporterPhone}`}
      </Text>
      <Choices
        idPrefix="visit"
        columns={1}
        options={ANSWERS}
        value={result}
        onChange={(value) => {
          setError(null);
          setResult(value);
        }}
      />
      <Field label="村民说的话（可以不写）" error={error ? error.message : undefined}>
        <Textarea
          id="visit-comment"
          className="textarea"
          value={comment}
          maxlength={480}
          placeholder="比如：路灯修好了一盏，还有一盏不亮"
          onInput={(e) => setComment(e.detail.value)}
        />
      </Field>
      {offline && (
        <Text className="t-body danger">网络不通，回访结果没有记上。请联网后再点一次。</Text>
      )}
      <Button
        id="visit-submit"
        className="btn-block"
        type="primary"
        loading={sending}
        disabled={result === null || sending}
        onClick={() => void send()}
      >
        {result === null ? '请先选上面一项' : '记下回访结果'}
      </Button>
    </Section>
  );
}
