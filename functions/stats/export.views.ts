/** The reply of an Excel export and the ledger's columns (no Node imports: pages read the type). */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ExportedFile {
  readonly fileName: string;
  readonly mimeType: string;
  /** The .xlsx, base64. */
  readonly base64: string;
  readonly rows: number;
  /** True when the period held more than MAX_EXPORT_ROWS concerns (narrow it to get all). */
  readonly truncated: boolean;
}

/** The ledger's columns: header (Chinese) and width. */
export const LEDGER_COLUMNS = [
  { header: '序号', key: 'no', width: 6 },
  { header: '提交时间', key: 'createdAt', width: 18 },
  { header: '类别', key: 'kind', width: 10 },
  { header: '事项', key: 'topic', width: 12 },
  { header: '所在网格', key: 'place', width: 14 },
  { header: '具体地点', key: 'placeText', width: 20 },
  { header: '说事内容', key: 'text', width: 40 },
  { header: '说事人', key: 'reporter', width: 10 },
  { header: '联系电话', key: 'phone', width: 14 },
  { header: '状态', key: 'status', width: 10 },
  { header: '承办人', key: 'assignee', width: 10 },
  { header: '办结期限', key: 'dueAt', width: 18 },
  { header: '办结时间', key: 'resolvedAt', width: 18 },
  { header: '是否超期', key: 'overdue', width: 10 },
  { header: '满意度', key: 'rating', width: 10 },
] as const;
