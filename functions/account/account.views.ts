/**
 * Replies about accounts, built field by field (never a stored document spread into a
 * reply): the owner's own view (`me`) and the short view an admin sees of a staff member.
 */
import type { Account } from '../../shared/account/account.schema';
import type { DepartmentCode } from '../../shared/grid/departments.catalog';
import { DEPARTMENT_LABELS } from '../../shared/grid/departments.catalog';
import type { GridLevel, GridNode } from '../../shared/grid/grid.schema';
import { GRID_LEVEL_LABELS } from '../../shared/grid/grid.schema';
import type { Role } from '../../shared/kernel/roles';
import { ROLE_LABELS } from '../../shared/kernel/roles';
import type { StoredDoc } from '../store/store.port';

export interface LabelledCode<C extends string = string> {
  readonly code: C;
  readonly label: string;
}

export interface NodeView {
  readonly id: string;
  readonly name: string;
  readonly level: GridLevel;
  readonly levelLabel: string;
}

/** What a signed-in person sees about themselves. Their own phone is shown whole. */
export interface MeView {
  readonly accountId: string;
  readonly name: string;
  readonly phone: string | null;
  readonly contactPhone: string | null;
  readonly roles: readonly LabelledCode<Role>[];
  readonly isStaff: boolean;
  readonly town: { readonly id: string; readonly name: string };
  /** A villager: the node they live in. Staff: the nodes they are responsible for (their scope). */
  readonly gridNodes: readonly NodeView[];
  /** A villager's community (新村) and natural village (自然村), when they live below them. */
  readonly community: NodeView | null;
  readonly village: NodeView | null;
  readonly department: LabelledCode<DepartmentCode> | null;
  readonly privacyConsent: {
    readonly noticeVersion: string;
    readonly consentedAt: string;
    readonly via: 'self' | 'proxy';
  } | null;
  readonly household: { readonly id: string | null; readonly headName: string | null };
  readonly sample: boolean;
}

/** Role codes with their Chinese names. */
export function roleLabels(roles: readonly Role[]): LabelledCode<Role>[] {
  return roles.map((code) => ({ code, label: ROLE_LABELS[code] }));
}

/** A grid node as replies show it. */
export function toNodeView(node: Pick<GridNode, '_id' | 'name' | 'level'>): NodeView {
  return {
    id: node._id,
    name: node.name,
    level: node.level,
    levelLabel: GRID_LEVEL_LABELS[node.level],
  };
}

/** A department code with its Chinese name, or null. */
export function departmentView(
  code: DepartmentCode | undefined,
): LabelledCode<DepartmentCode> | null {
  return code === undefined ? null : { code, label: DEPARTMENT_LABELS[code] };
}

/**
 * The `me` reply. `nodes` holds the account's own nodes and their ancestors (so the
 * community and village of a villager in a lane can be named); missing ones are skipped.
 */
export function toMeView(
  account: StoredDoc<Account>,
  townName: string,
  nodes: ReadonlyMap<string, StoredDoc<GridNode>>,
): MeView {
  const own = account.gridNodeIds
    .map((id) => nodes.get(id))
    .filter((n): n is StoredDoc<GridNode> => n !== undefined);
  const home = account.isStaff ? undefined : own[0];
  const lineage = home === undefined ? [] : [...home.ancestorIds.map((id) => nodes.get(id)), home];
  const atLevel = (level: GridLevel) => {
    const found = lineage.find((n) => n?.level === level);
    return found === undefined ? null : toNodeView(found);
  };
  const consent = account.privacyConsent;
  return {
    accountId: account._id,
    name: account.name,
    phone: account.phone ?? null,
    contactPhone: account.contactPhone ?? null,
    roles: roleLabels(account.roles),
    isStaff: account.isStaff,
    town: { id: account.townId, name: townName },
    gridNodes: own.map(toNodeView),
    community: atLevel('community'),
    village: atLevel('village'),
    department: departmentView(account.departmentId),
    privacyConsent:
      consent === undefined
        ? null
        : {
            noticeVersion: consent.noticeVersion,
            consentedAt: consent.consentedAt,
            via: consent.via,
          },
    household: { id: account.householdId ?? null, headName: account.householdHeadName ?? null },
    sample: account.sample,
  };
}

/** A staff member as the admin sees them after a change (the admin needs the whole phone). */
export interface StaffView {
  readonly accountId: string;
  readonly name: string;
  readonly phone: string | null;
  readonly roles: readonly LabelledCode<Role>[];
  readonly gridNodeIds: readonly string[];
  readonly department: LabelledCode<DepartmentCode> | null;
  readonly active: boolean;
}

/** The admin's view of a staff account. */
export function toStaffView(account: Account): StaffView {
  return {
    accountId: account._id,
    name: account.name,
    phone: account.phone ?? null,
    roles: roleLabels(account.roles),
    gridNodeIds: [...account.gridNodeIds],
    department: departmentView(account.departmentId),
    active: account.status === 'active',
  };
}

/** `places`: a town's communities and villages by name (public; ids and names only). */
export interface PlaceOption {
  readonly id: string;
  readonly name: string;
}

export interface CommunityPlaces extends PlaceOption {
  readonly villages: readonly PlaceOption[];
}

export interface PlacesView {
  /** The town whose places follow, or null when the caller has to choose one first. */
  readonly town: PlaceOption | null;
  readonly communities: readonly CommunityPlaces[];
  /** The towns to choose from when none was named and there are several (a county host). */
  readonly towns: readonly PlaceOption[];
}

/** `preparePhotoUpload`: where the mini-program uploads one photo. */
export interface PreparedUpload {
  /** Where to upload (`Taro.cloud.uploadFile({ cloudPath })`). */
  readonly cloudPath: string;
}
