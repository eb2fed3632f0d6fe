import '../lib/theme.css';
import { registerServiceWorker } from '../lib/boot.js';
import './kds-app.js';

registerServiceWorker();
