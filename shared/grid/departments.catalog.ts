/**
 * The town's departments (部门, docs/domain.md §1) that receive transferred matters. The first seven
 * staff the 指挥中心 (command centre) of the 雪亮工程 (Sharp Eyes) platform; the rest host
 * mediation rooms or take matters the centre dispatches. Kept as data: screens, routing
 * rules and the staff import all name the same codes.
 */

export interface Department {
  readonly code: string;
  /** Name as the town writes it. */
  readonly label: string;
  /** Full name, for letters and the transfer screen. */
  readonly fullName: string;
  /** Whether its staff sit in the 指挥中心 (the seed's seven departments). */
  readonly inCommandCenter: boolean;
}

export const DEPARTMENTS = [
  {
    code: 'comprehensive_governance',
    label: '综治办',
    fullName: '社会治安综合治理办公室',
    inCommandCenter: true,
  },
  { code: 'judicial_office', label: '司法所', fullName: '司法所', inCommandCenter: true },
  { code: 'police_station', label: '派出所', fullName: '公安派出所', inCommandCenter: true },
  {
    // The seed's 资源办 (行政调解) is this office.
    code: 'natural_resources',
    label: '自然资源和规划所',
    fullName: '自然资源和规划所',
    inCommandCenter: true,
  },
  { code: 'petition_office', label: '信访办', fullName: '信访办公室', inCommandCenter: true },
  { code: 'traffic_police', label: '交警队', fullName: '交警中队', inCommandCenter: true },
  { code: 'sanitation', label: '环卫所', fullName: '环境卫生管理所', inCommandCenter: true },
  {
    code: 'law_enforcement',
    label: '执法中队',
    fullName: '综合行政执法中队',
    inCommandCenter: false,
  },
  { code: 'emergency_office', label: '应急办', fullName: '应急管理办公室', inCommandCenter: false },
  { code: 'civil_affairs', label: '民政', fullName: '民政办', inCommandCenter: false },
  {
    code: 'human_resources',
    label: '人社',
    fullName: '人力资源和社会保障所',
    inCommandCenter: false,
  },
  { code: 'fire_station', label: '消防', fullName: '消防救援站', inCommandCenter: false },
] as const satisfies readonly Department[];

export type DepartmentCode = (typeof DEPARTMENTS)[number]['code'];

export const DEPARTMENT_CODES = DEPARTMENTS.map((d) => d.code) as [
  DepartmentCode,
  ...DepartmentCode[],
];

/** Short Chinese name of each department. */
export const DEPARTMENT_LABELS = Object.fromEntries(
  DEPARTMENTS.map((d) => [d.code, d.label]),
) as Readonly<Record<DepartmentCode, string>>;
