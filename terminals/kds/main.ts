import '../lib/theme.css';
import { registerServiceWorker } from '../lib/boot.js';
import './kds-app.js';

document.documentElement.dataset.theme = 'dark';
registerServiceWorker();
