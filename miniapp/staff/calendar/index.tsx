/**
 * 节假日安排 (the town's holiday table), for the admin: a year is entered the way the State
 * Council's notice reads — each holiday with its name, its days off from … to …, and its 调休
 * make-up working days — or read from a CSV/JSON file. 检查并预览 lists what saving would move
 * (open deadlines, clue reply dates, countdowns, booked sessions that fall on a new holiday);
 * only what was previewed can be saved, and the save goes through the outbox (weak network).
 * The library's data (内置数据) for a year is shown beside the town's own entry.
 *
 * Self-contained in this folder (its file picker per platform beside it), so it moves with the
 * staff pages.
 */
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import type { HolidayYearsInput } from '../../../shared/calendar/calendar.schema';
import { checkHolidayYears, holidayYearsSchema } from '../../../shared/calendar/calendar.schema';
import { yearsToWarnAbout } from '../../../shared/calendar/calendar.warning';
import { chinaToday } from '../../../shared/calendar/china-time';
import type { AppError } from '../../../shared/kernel/errors';
import { CallView } from '../../components/CallView';
import { Choices } from '../../components/Choices';
import { Field } from '../../components/Field';
import { Screen } from '../../components/Screen';
import { Section } from '../../components/Section';
import { formatDay } from '../../lib/format';
import { api } from '../../services/api';
import { useDraft } from '../../services/draft';
import { fieldErrors, isNetworkError } from '../../services/errors';
import { submit } from '../../services/outbox';
import { newRequestId } from '../../services/request-id';
import { hasRole, useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type {
  HolidayCalendarView,
  HolidayFileView,
  HolidayPreview,
  HolidaysSaved,
  HolidayYearView,
} from '../../services/views';
import { Button, NoticeBar, Switch } from '../../ui';
import { staffGate } from '../StaffGate';
import { pickTextFile } from './pick-file';
import './index.scss';

/** One holiday as the form holds it (make-up days as typed: 2027-01-31、2027-02-20). */
interface HolidayForm {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly workdays: string;
}

interface CalendarDraft {
  year: string | null;
  /** The years edited on this phone, by year (absent: not touched yet). */
  years: Record<string, HolidayForm[]>;
  note: string;
  overrideLibrary: boolean;
  requestId: string;
}

const INITIAL: CalendarDraft = {
  year: null,
  years: {},
  note: '',
  overrideLibrary: false,
  requestId: '',
};

const BLANK: HolidayForm = { name: '', from: '', to: '', workdays: '' };

const MOVE_KIND_LABELS: Readonly<Record<HolidayPreview['moves'][number]['kind'], string>> = {
  concern: '办理期限',
  clue_reply: '线索答复期限',
  clue_result: '线索结果答复期限',
  task: '任务期限',
  mediation_target: '调解期限',
  confirmation: '司法确认截止',
  session_on_holiday: '预约时段成了节假日（不自动改期，调解员会收到改期任务）',
  session_lifted: '预约时段恢复为工作日（撤回改期任务）',
};

function toForm(h: { name: string; from: string; to: string; workdays: readonly string[] }) {
  return { name: h.name, from: h.from, to: h.to, workdays: h.workdays.join('、') };
}

/** The form's holidays as the actions take them. */
function toInput(forms: readonly HolidayForm[]) {
  return forms.map((f) => ({
    name: f.name.trim(),
    from: f.from.trim(),
    to: f.to.trim(),
    workdays: f.workdays.split(/[、;；,，\s]+/).filter((d) => d !== ''),
  }));
}

/** 「1月1日（周五）至1月3日（周日）」. */
function rangeText(from: string, to: string): string {
  return from === to ? formatDay(from) : `${formatDay(from)}至${formatDay(to)}`;
}

function HolidayList({ holidays }: { readonly holidays: HolidayYearView['library'] }) {
  return (
    <View className="stack">
      {holidays.map((h) => (
        <View key={`${h.name}-${h.from}`} className="item">
          <Text className="t-label">{h.name}</Text>
          <Text className="t-body">{rangeText(h.from, h.to)}放假</Text>
          {h.workdays.length > 0 && (
            <Text className="t-small muted">
              调休上班：{h.workdays.map((w) => formatDay(w)).join('、')}
            </Text>
          )}
        </View>
      ))}
    </View>
  );
}

function PreviewView({ preview }: { readonly preview: HolidayPreview }) {
  const c = preview.counts;
  const total =
    c.concerns + c.clues + c.tasks + c.mediationTargets + c.confirmations + c.sessionsOnHoliday;
  return (
    <View id="holiday-moves" className="stack">
      <Text className="t-body">
        {total === 0
          ? '保存后没有正在办理的期限或预约需要调整。'
          : `保存后将调整：说事期限 ${c.concerns} 件，线索 ${c.clues} 条，任务 ${c.tasks} 项，调解期限 ${c.mediationTargets} 件，司法确认截止 ${c.confirmations} 件；${c.sessionsOnHoliday} 个已预约的时段成了节假日，会交调解员改期。`}
      </Text>
      {preview.moves.map((m, i) => (
        <View key={`${m.kind}-${i}`} className="item hol-move">
          <Text className="t-label">{m.label}</Text>
          <Text className="t-small">
            {MOVE_KIND_LABELS[m.kind]}
            {m.from !== null && m.to !== null && m.from !== m.to
              ? `：${formatDay(m.from)} → ${formatDay(m.to)}`
              : m.from !== null
                ? `：${formatDay(m.from)}`
                : ''}
          </Text>
        </View>
      ))}
      {preview.truncated && <Text className="t-small muted">只列出了前 50 项。</Text>}
      {preview.warning.message === null ? (
        <Text className="t-small ok">保存后，首页的节假日提醒不再显示。</Text>
      ) : (
        <Text className="t-small warn">保存后仍缺：{preview.warning.message}</Text>
      )}
    </View>
  );
}

function YearEditor({
  view,
  calendar,
  draft,
  update,
  reload,
}: {
  readonly view: HolidayYearView | null;
  readonly calendar: HolidayCalendarView;
  readonly draft: CalendarDraft;
  readonly update: (patch: Partial<CalendarDraft>) => void;
  readonly reload: () => Promise<void>;
}) {
  const year = draft.year as string;
  const forms = draft.years[year] ?? (view?.town ?? []).map(toForm);
  const [error, setError] = useState<AppError | null>(null);
  const [preview, setPreview] = useState<HolidayPreview | null>(null);
  const [previewed, setPreviewed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const errors = useMemo(() => fieldErrors(error), [error]);
  const disagrees =
    (error?.details as { reason?: string } | undefined)?.reason === 'library_disagrees';

  const input = (list: readonly HolidayForm[]) => ({
    years: { [year]: toInput(list) } as HolidayYearsInput,
    overrideLibrary: draft.overrideLibrary,
  });
  const key = JSON.stringify(input(forms));
  const edit = (list: HolidayForm[]): void => {
    setError(null);
    setPreview(null);
    setMessage(null);
    update({ years: { ...draft.years, [year]: list } });
  };
  const change = (i: number, patch: Partial<HolidayForm>) =>
    edit(forms.map((f, j) => (j === i ? { ...f, ...patch } : f)));

  const check = async (list: readonly HolidayForm[]): Promise<void> => {
    if (busy) return;
    const data = input(list);
    const parsed = holidayYearsSchema.safeParse(data.years);
    const local = parsed.success ? checkHolidayYears(parsed.data) : [];
    if (!parsed.success || local.length > 0) {
      const fields = parsed.success
        ? local
        : parsed.error.issues.map((i) => ({
            field: ['years', ...i.path].join('.'),
            message: i.message,
          }));
      setError({
        code: 'VALIDATION_FAILED',
        message: fields[0]?.message ?? '',
        details: { fields },
      });
      return;
    }
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const reply = await api.call<HolidayPreview>('admin', 'previewHolidays', data);
      if (reply.ok) {
        setPreview(reply.data);
        setPreviewed(JSON.stringify(data));
      } else setError(reply.error);
    } catch (thrown) {
      setMessage(
        isNetworkError(thrown) ? '网络不通，联网后才能预览会调整哪些期限' : '出错了，请稍后再试',
      );
    } finally {
      setBusy(false);
    }
  };

  const save = async (): Promise<void> => {
    if (busy || previewed !== key) return;
    if (draft.note.trim() === '') {
      setError({
        code: 'VALIDATION_FAILED',
        message: '请写一句修改说明，例如依据哪份通知',
        details: { fields: [{ field: 'note', message: '请写一句修改说明，例如依据哪份通知' }] },
      });
      return;
    }
    const requestId = draft.requestId || newRequestId('hol');
    update({ requestId });
    setBusy(true);
    try {
      const outcome = await submit<HolidaysSaved>(
        'admin',
        'saveHolidays',
        { ...input(forms), note: draft.note.trim(), expectedVersion: calendar.version },
        { requestId, label: `节假日安排：${year}年` },
      );
      if (outcome.kind === 'refused') {
        setError(outcome.error);
        return;
      }
      const rest = { ...draft.years };
      delete rest[year];
      update({ years: rest, note: '', requestId: '', overrideLibrary: false });
      setPreview(null);
      setPreviewed(null);
      if (outcome.kind === 'queued') {
        setMessage('已保存在手机上，联网后自动提交');
        return;
      }
      const c = outcome.data.counts;
      setMessage(
        `已保存。调整了 ${c.concerns + c.clues + c.tasks + c.mediationTargets + c.confirmations} 个期限，${c.sessionsOnHoliday} 个预约交调解员改期。`,
      );
      void Taro.showToast({ title: '已保存', icon: 'success' });
      await reload();
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (): Promise<void> => {
    setError(null);
    setMessage(null);
    let picked;
    try {
      picked = await pickTextFile();
    } catch {
      setMessage('文件读不出来，请另存为 CSV（UTF-8）或 JSON 后再试');
      return;
    }
    if (picked === null) return;
    const format = /\.json$/i.test(picked.name) ? 'json' : 'csv';
    try {
      const reply = await api.call<HolidayFileView>('admin', 'importHolidays', {
        format,
        text: picked.text,
      });
      if (!reply.ok) {
        setError(reply.error);
        return;
      }
      const years: Record<string, HolidayForm[]> = { ...draft.years };
      for (const [y, list] of Object.entries(reply.data.years)) years[y] = list.map(toForm);
      const first = Object.keys(reply.data.years).sort()[0] ?? year;
      update({ years, year: first });
      setPreview(null);
      setMessage(`从文件读到 ${reply.data.holidays} 个节日，请核对后点「检查并预览」。`);
    } catch (thrown) {
      setMessage(isNetworkError(thrown) ? '网络不通，联网后再导入文件' : '出错了，请稍后再试');
    }
  };

  return (
    <View className="stack">
      {view !== null && view.library.length > 0 && (
        <Section title={`${year}年 内置数据（国家安排）`}>
          <Text className="t-small muted">
            本镇没录入的日子按这里算；本镇录入的日子以本镇为准。
          </Text>
          <HolidayList holidays={view.library} />
        </Section>
      )}
      <Section title={`${year}年 本镇录入`}>
        <Text className="t-small muted">
          按国务院办公厅的通知，一个节日一项：放假从哪天到哪天，调休上班的周六、周日。
        </Text>
        {forms.length === 0 && (
          <Text className="t-body" id="holiday-none">
            {view?.library.length ? '本镇没有另外录入，全年按内置数据。' : '还没有录入这一年。'}
          </Text>
        )}
        {forms.map((f, i) => {
          const at = `years.${year}.${i}`;
          const err = (field: string) =>
            Object.entries(errors).find(
              ([k]) => k === `${at}.${field}` || k.startsWith(`${at}.${field}.`),
            )?.[1];
          return (
            <View key={i} className="item hol-holiday" id={`holiday-${i}`}>
              <Field label="节日名称" required error={err('name')}>
                <Input
                  id={`holiday-${i}-name`}
                  className="input"
                  maxlength={20}
                  value={f.name}
                  placeholder="例如 春节"
                  onInput={(e) => change(i, { name: e.detail.value })}
                />
                <Choices
                  idPrefix={`holiday-${i}-pick`}
                  columns={3}
                  options={calendar.holidayNames.map((n) => ({ value: n, label: n }))}
                  value={f.name}
                  onChange={(name) => change(i, { name })}
                />
              </Field>
              <Field label="放假开始" required error={err('from')}>
                <Input
                  id={`holiday-${i}-from`}
                  className="input"
                  maxlength={10}
                  value={f.from}
                  placeholder={`${year}-01-01`}
                  onInput={(e) => change(i, { from: e.detail.value })}
                />
              </Field>
              <Field label="放假结束" required error={err('to')}>
                <Input
                  id={`holiday-${i}-to`}
                  className="input"
                  maxlength={10}
                  value={f.to}
                  placeholder={`${year}-01-03`}
                  onInput={(e) => change(i, { to: e.detail.value })}
                />
              </Field>
              <Field
                label="调休上班日"
                hint="周六或周日上班的日子，几天用顿号隔开；没有就空着"
                error={err('workdays')}
              >
                <Input
                  id={`holiday-${i}-workdays`}
                  className="input"
                  value={f.workdays}
                  placeholder={`${year}-02-20、${year}-02-21`}
                  onInput={(e) => change(i, { workdays: e.detail.value })}
                />
              </Field>
              <Button
                id={`holiday-${i}-remove`}
                className="btn"
                fill="outline"
                onClick={() => edit(forms.filter((_, j) => j !== i))}
              >
                删除这个节日
              </Button>
            </View>
          );
        })}
        <View className="actions">
          <Button
            id="holiday-add"
            className="btn"
            fill="outline"
            onClick={() => edit([...forms, BLANK])}
          >
            添加一个节日
          </Button>
          <Button
            id="holiday-import"
            className="btn"
            fill="outline"
            onClick={() => void importFile()}
          >
            从文件导入
          </Button>
        </View>
        <Text className="t-small muted">
          文件格式：CSV 表头为「年份,节日,放假开始,放假结束,调休上班日」，一行一个节日；或导出的
          JSON。
        </Text>
      </Section>

      <Section title="检查并保存">
        {error !== null && (
          <Text id="holiday-error" className="t-body danger">
            {error.message}
          </Text>
        )}
        {disagrees && (
          <View className="row hol-override">
            <Switch
              id="holiday-override"
              checked={draft.overrideLibrary}
              onChange={(on: boolean) => {
                setError(null);
                update({ overrideLibrary: on });
              }}
            />
            <Text className="t-body">以本镇录入为准（本镇收到的通知与内置数据不同）</Text>
          </View>
        )}
        {(forms.length > 0 || (view?.town.length ?? 0) > 0) && (
          <Button
            id="holiday-preview"
            className="btn btn-block"
            type="primary"
            fill="outline"
            loading={busy && previewed !== key}
            onClick={() => void check(forms)}
          >
            检查并预览
          </Button>
        )}
        {preview !== null && previewed === key && <PreviewView preview={preview} />}
        {preview !== null && previewed === key && (
          <>
            <Field label="修改说明" required error={errors.note}>
              <Input
                id="holiday-note"
                className="input"
                maxlength={200}
                value={draft.note}
                placeholder="例如 按国务院办公厅通知录入"
                onInput={(e) => update({ note: e.detail.value })}
              />
            </Field>
            <Button
              id="holiday-save"
              className="btn btn-block"
              type="primary"
              loading={busy}
              onClick={() => void save()}
            >
              保存并调整期限
            </Button>
          </>
        )}
        {(view?.town.length ?? 0) > 0 && (
          <Button
            id="holiday-clear"
            className="btn btn-block"
            fill="outline"
            onClick={() => {
              edit([]);
              void check([]);
            }}
          >
            删除本镇录入的{year}年安排
          </Button>
        )}
        {message !== null && (
          <Text id="holiday-message" className="t-body">
            {message}
          </Text>
        )}
      </Section>
    </View>
  );
}

export default function HolidayCalendar() {
  const me = useMe();
  const allowed = hasRole(me, 'admin');
  const { state, reload } = useCall<HolidayCalendarView>(
    'admin',
    'holidayCalendar',
    allowed ? {} : null,
  );
  const [draft, update] = useDraft<CalendarDraft>('staff-calendar', INITIAL);

  const gate = staffGate(me, allowed, '节假日安排', '节假日安排由管理员录入。');
  if (gate !== null) return gate;

  return (
    <Screen title="节假日安排">
      <CallView state={state} onRetry={() => void reload()}>
        {(calendar) => {
          const wanted = yearsToWarnAbout(chinaToday());
          const years = [
            ...new Set([
              ...calendar.years.map((y) => y.year),
              ...wanted,
              ...Object.keys(draft.years).map(Number),
            ]),
          ].sort((a, b) => a - b);
          const firstMissing = calendar.warning.uncoveredYears[0];
          const year = draft.year ?? String(firstMissing ?? wanted.at(-1) ?? years.at(-1));
          const view = calendar.years.find((y) => String(y.year) === year) ?? null;
          return (
            <View className="stack">
              {calendar.warning.message !== null && (
                <View id="holiday-warning">
                  <NoticeBar content={calendar.warning.message} wrap />
                </View>
              )}
              <Section title="选择年份">
                <Choices
                  idPrefix="holiday-year"
                  columns={3}
                  options={years.map((y) => {
                    const known = calendar.years.find((v) => v.year === y);
                    return {
                      value: String(y),
                      label: `${y}年`,
                      hint: known?.covered
                        ? known.town.length > 0
                          ? '本镇已录入'
                          : '内置数据'
                        : '未录入',
                    };
                  })}
                  value={year}
                  onChange={(y) => update({ year: y })}
                />
              </Section>
              <YearEditor
                key={year}
                view={view}
                calendar={calendar}
                draft={{ ...draft, year }}
                update={update}
                reload={reload}
              />
            </View>
          );
        }}
      </CallView>
    </Screen>
  );
}
