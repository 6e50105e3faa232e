/**
 * The `account` cloud function: `me`, `places` (public: the town's villages), `register` (public, idempotent by requestId),
 * `bindStaff` (signed in, with an invitation code) and `proxyRegister` (a grid worker's 代办).
 */
import {
  bindStaffInputSchema,
  meInputSchema,
  placesInputSchema,
  proxyRegisterInputSchema,
  registerInputSchema,
} from '../../shared/account/account.schema';
import { defineAction, defineFunction } from '../runtime/action';
import { bindStaff, me, proxyRegister, register } from './account.usecases';
import { places } from './places.usecase';

export const accountFunction = defineFunction('account', {
  me: defineAction({ input: meInputSchema, access: 'account', run: me }),
  places: defineAction({ input: placesInputSchema, access: 'public', run: places }),
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
