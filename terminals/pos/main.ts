import '../lib/theme.css';
import { registerServiceWorker } from '../lib/boot.js';
import './pos-app.js';

registerServiceWorker();
