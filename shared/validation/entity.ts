/**
 * Fields every stored entity has. Store documents use `_id` (CloudBase's own name) as the
 * id and `_version` for conditional updates (`ifVersion`); the store port sets `_version`
 * on insert and bumps it on each update, so a record read back always has it. Every record
 * carries its town: one deployment may serve a whole county, and every query is scoped by it.
 */
import { z } from 'zod';
import { idSchema, instantSchema, townIdSchema } from './primitives';

export const versionSchema = z.number().int().min(0).meta({ label: '版本' });

/** Spread into an entity's `z.object({...})`. */
export const entityFields = {
  _id: idSchema,
  townId: townIdSchema,
  createdAt: instantSchema.meta({ label: '创建时间' }),
  updatedAt: instantSchema.meta({ label: '更新时间' }),
  _version: versionSchema,
};

/** An entity before the store has given it a `_version` (what a use case inserts). */
export type NewEntity<T extends { _version: number }> = Omit<T, '_version'>;
