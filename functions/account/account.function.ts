/**
 * The `account` cloud function: `me`, `register` (public, idempotent by requestId),
 * `bindStaff` (signed in, with an invitation code) and `proxyRegister` (a grid worker's 代办).
 */
import {
  bindStaffInputSchema,
  meInputSchema,
  proxyRegisterInputSchema,
  registerInputSchema,
} from '../../shared/account/account.schema';
import { defineAction, defineFunction } from '../runtime/action';
import { bindStaff, me, proxyRegister, register } from './account.usecases';

export const accountFunction = defineFunction('account', {
  me: defineAction({ input: meInputSchema, access: 'account', run: me }),
  register: defineAction({
    input: registerInputSchema,
    access: 'public',
    idempotent: true,
    run: register,
  }),
  bindStaff: defineAction({ input: bindStaffInputSchema, access: 'account', run: bindStaff }),
  proxyRegister: defineAction({
    input: proxyRegisterInputSchema,
    access: ['grid_worker'],
    idempotent: true,
    run: proxyRegister,
  }),
});
