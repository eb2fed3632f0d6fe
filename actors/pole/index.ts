import type { KindModule } from '../../shared/runtime/registry.js';
import { poleService } from './pole.service.js';

/**
 * Pole displays on serial ports (Epson or CD5220, as the device is set), one at a POS, facing the customer. A pole
 * is a device like a printer: configured, removed and its status kept by the device actor (actors/printer).
 */
export const pole: KindModule = {
  name: 'poles',
  service: poleService,
};
