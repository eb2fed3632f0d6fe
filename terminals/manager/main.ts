import '../lib/theme.css';
import { registerServiceWorker } from '../lib/boot.js';
import './manager-app.js';

registerServiceWorker();
